/** Personalized RewardBench, built-in data: preference axes (part 4). See personalized-axes-a.ts. */
import { type Axis, combos } from './personalized-axes-a.js';

export const AXES_D: Axis[] = [
  {
    id: 'alcohol',
    poles: [
      {
        id: 'teetotal',
        aspect: 'Suggests only alcohol-free drinks',
        narrative: "I don't drink alcohol at all, for religious reasons, and neither do most of my guests.",
        reason: 'The user does not drink alcohol.',
        posts: [
          { category: 'Food_and_Cooking', text: "Good alcohol-free options for a wedding toast? I don't drink, for religious reasons." },
          { category: 'Food_and_Cooking', text: 'Mocktail recipes that are not too sweet? I have not touched alcohol in years.' },
        ],
        marker: /\b(alcohol-free|non-alcoholic|lemonade|iced tea|lapsang tea|grape juice)\b/i,
      },
      {
        id: 'wine-lover',
        aspect: 'Suggests wine pairings for a wine enthusiast',
        narrative: 'Wine is my main hobby, and I love matching a good bottle to the occasion.',
        reason: 'The user loves wine.',
        posts: [
          { category: 'Food_and_Cooking', text: 'Is a Coravin worth it for someone who opens a lot of good bottles? I collect Burgundy.' },
          { category: 'Travel', text: 'Tips for a wine tasting trip near {city}? Wine is my main hobby.' },
        ],
        marker: /\b(wine|Riesling|Pinot|Prosecco|Sauvignon|Champagne|port)\b/i,
      },
    ],
    templates: [
      {
        category: 'Food_and_Cooking',
        question: 'What drinks should I serve at a {occasion} for {n} guests?',
        answers: [
          'Offer a jug of homemade lemonade with mint, iced tea with peach, and a non-alcoholic sparkling elderflower for the toasts. Add a couple of good alcohol-free craft options, so {n} guests have plenty of choice all evening.',
          'Offer a crisp Sauvignon Blanc with the starters, a light Pinot Noir that suits most mains, and a Prosecco for the toasts. Allow about half a bottle of wine each, so roughly {bottles} bottles for {n} guests, plus still water.',
        ],
        slots: combos(
          { occasion: ['dinner party', 'summer barbecue', 'birthday lunch', 'engagement party', 'garden party', 'leaving do'], n: [6, 8, 10, 12] },
          (s) => ({ bottles: String(Math.ceil(Number(s.n) / 2)) }),
        ),
      },
      {
        category: 'Food_and_Cooking',
        question: "I'm putting together a cheese board for {n} friends. What should go with it?",
        answers: [
          'Pair it with crisp apple slices, grapes, honey and a tangy chutney, and serve a sparkling grape juice and a pot of smoky lapsang tea alongside; their acidity and smoke cut through rich cheeses nicely.',
          'Pair it with crisp apple slices, grapes, honey and a tangy chutney, and serve a glass of tawny port and a dry Riesling alongside; their acidity and sweetness cut through rich cheeses nicely.',
        ],
        slots: combos({ n: [3, 4, 5, 6, 8, 10, 12] }),
      },
    ],
  },
  {
    id: 'os',
    poles: [
      {
        id: 'linux',
        aspect: 'Gives instructions for Linux',
        narrative: 'Every computer I own runs Linux; Windows or Mac steps are useless to me.',
        reason: 'The user uses Linux.',
        posts: [
          { category: 'Technology', text: "Which distro is best for an old ThinkPad? I've used Linux as my only OS for years." },
          { category: 'Technology', text: "How do I get my printer working on Ubuntu? I don't have a single Windows machine at home." },
        ],
        marker: /\b(terminal|sudo|apt|crontab|Ubuntu|distributions|chmod)\b/,
      },
      {
        id: 'windows',
        aspect: 'Gives instructions for Windows',
        narrative: 'I only use Windows, at home and at work, and have never touched Linux.',
        reason: 'The user uses Windows.',
        posts: [
          { category: 'Technology', text: 'Is Windows 11 worth upgrading to from 10? My whole office runs on Windows.' },
          { category: 'Technology', text: "Best free antivirus for a Windows laptop? I've never used anything else." },
        ],
        marker: /\b(Windows|PowerShell|File Explorer|Task Scheduler|winget|Start menu)\b/,
      },
    ],
    templates: [
      {
        category: 'Technology',
        question: "How do I find out what's filling up the disk on my {machine}?",
        answers: [
          'Open a terminal and run `du -sh ~/* | sort -h` to list your largest folders, or install Disk Usage Analyzer for a visual map. Clearing old package caches with `sudo apt clean` and emptying the trash often frees several gigabytes.',
          'Open Settings, then System and Storage, for a breakdown by category, or sort folders by size in File Explorer. Running Disk Cleanup from the Start menu and removing old Windows update files often frees several gigabytes.',
        ],
        slots: combos({ machine: ['laptop', 'desktop', 'home computer', 'work computer', 'family PC', 'gaming PC', 'old netbook'] }),
      },
      {
        category: 'Technology',
        question: 'How can I make a backup script run by itself every night on my {machine}?',
        answers: [
          'Use cron: run `crontab -e` in a terminal and add a line such as `0 2 * * * /home/you/backup.sh` to run it at 2 am daily. Make the script executable with `chmod +x backup.sh` and send its output to a log file so you can check it.',
          'Use Task Scheduler: open it from the Start menu, choose Create Basic Task, set a daily trigger at 2 am and point it at `powershell.exe -File C:\\Scripts\\backup.ps1`. Tick the option to run whether or not you are logged in.',
        ],
        slots: combos({ machine: ['laptop', 'desktop', 'home server', 'work computer', 'family PC', 'media PC', 'spare laptop'] }),
      },
      {
        category: 'Technology',
        question: 'How do I install {app} on my {machine}?',
        answers: [
          'Most distributions carry {app} in their repositories: on Ubuntu, run `sudo apt install {pkg}` in a terminal, or search for it in the Software app. The Flatpak from Flathub is an alternative if you want the newest version.',
          'Download the installer from the official {app} website and run it, or open PowerShell and run `winget install {wid}`. Avoid third-party download sites, which often bundle adware, and restart when the installer asks.',
        ],
        slots: [
          ['VLC', 'vlc', 'VideoLAN.VLC'],
          ['Firefox', 'firefox', 'Mozilla.Firefox'],
          ['GIMP', 'gimp', 'GIMP.GIMP'],
          ['LibreOffice', 'libreoffice', 'TheDocumentFoundation.LibreOffice'],
          ['Git', 'git', 'Git.Git'],
          ['Inkscape', 'inkscape', 'Inkscape.Inkscape'],
        ].flatMap(([app, pkg, wid]) => combos({ machine: ['laptop', 'desktop'] }).map((s) => ({ ...s, app: app!, pkg: pkg!, wid: wid! }))),
      },
    ],
  },
  {
    id: 'exercise',
    poles: [
      {
        id: 'low-impact',
        aspect: 'Recommends low-impact exercise that is gentle on the knees',
        narrative: 'After two knee operations, running and jumping are off the table for me.',
        reason: 'The user must avoid impact on the knees.',
        posts: [
          { category: 'Health_and_Fitness', text: 'Which gym machines are safe after knee surgery? Running is off the table for me.' },
          { category: 'Health_and_Fitness', text: "Is aqua aerobics a real workout? My knees can't take any impact these days." },
        ],
        marker: /\b(swimming|swim|cycling|rowing|gentle|low-impact|yoga)\b/i,
      },
      {
        id: 'high-intensity',
        aspect: 'Recommends high-intensity training with running and jumping',
        narrative: 'I am training for a marathon and want workouts that leave me exhausted.',
        reason: 'The user wants hard, high-impact training.',
        posts: [
          { category: 'Health_and_Fitness', text: 'Any sub-3 marathon plans you would recommend? I run six days a week.' },
          { category: 'Health_and_Fitness', text: 'Best plyometric drills for explosive power? I love sessions that leave me on the floor.' },
        ],
        marker: /\b(sprints|HIIT|burpees|jump|box jumps|hill repeats|run)\b/i,
      },
    ],
    templates: [
      {
        category: 'Health_and_Fitness',
        question: 'What weekly workout routine would you suggest for {goal}?',
        answers: [
          'Aim for four sessions a week: two of swimming or cycling at a steady effort, one on the rowing machine with short harder pushes, and one of strength work on machines with slow, gentle movements. Add a yoga class for mobility.',
          'Aim for four sessions a week: two runs with sprints and hill repeats, one HIIT circuit of burpees and box jumps, and one tempo run at threshold pace. Add a mobility session, and build the load up gradually to avoid injury.',
        ],
        slots: combos({
          goal: [
            'losing weight',
            'building stamina',
            'getting fit after winter',
            'heart health',
            'more energy',
            'a fitter summer',
            'staying in shape at 50',
            'stress relief',
          ],
        }),
      },
      {
        category: 'Health_and_Fitness',
        question: 'How can I stay active during a busy week {where}?',
        answers: [
          'Take a brisk walk at lunch, fit in a 30-minute swim before breakfast, and do a short, gentle yoga routine each evening. Cycling instead of taking the bus adds low-impact exercise without costing any extra time.',
          'Do a 20-minute HIIT session each morning, with sprints on the spot, burpees, jump squats and mountain climbers. On two evenings, go out for a fast run with a few hill repeats to keep your fitness up.',
        ],
        slots: combos({
          where: ['at work', 'at a conference', 'visiting family', 'in a hotel', 'on a work trip', 'before exams', 'moving house', 'on a course'],
        }),
      },
    ],
  },
];
