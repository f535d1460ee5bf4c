/**
 * Personalized RewardBench, built-in data: preference axes (part 1). Each axis has two opposite
 * poles (two kinds of user) and question templates with one answer per pole. Both answers are
 * good answers to the same question; they differ in the pole they serve. A persona holding
 * pole k gets answer k as chosen and the other as rejected, so across personas the same
 * question has either answer chosen, and no context-free preference can win on average.
 */

export interface Post {
  category: string;
  text: string;
}

export interface Pole {
  id: string;
  /** The rubric aspect (what rubric mode shows). */
  aspect: string;
  /** A first-person sentence for the narrative (never shown to the model); `{city}` is the persona's. */
  narrative: string;
  reason: string;
  /** Past posts that reveal the pole (what profile mode can show). */
  posts: Post[];
  /** Matches an answer serving this pole; the generator checks answers match theirs and not the other's. */
  marker: RegExp;
}

export interface Template {
  category: string;
  question: string;
  /** Answers for poles 0 and 1, with `{slot}` placeholders. */
  answers: [string, string];
  /** Every slot combination (each gives a distinct question). */
  slots: Record<string, string>[];
}

export interface Axis {
  id: string;
  poles: [Pole, Pole];
  templates: Template[];
}

/** Every combination of the listed slot values. */
export function combos(
  values: Record<string, readonly (string | number)[]>,
  derive?: (s: Record<string, string>) => Record<string, string>,
): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [k, vs] of Object.entries(values)) out = out.flatMap((o) => vs.map((v) => ({ ...o, [k]: String(v) })));
  return derive ? out.map((s) => ({ ...s, ...derive(s) })) : out;
}

const DAYS = ['Friday', 'Saturday', 'Sunday'];
export const CITIES = ['Lisbon', 'Prague', 'Vienna', 'Kyoto', 'Barcelona', 'Edinburgh', 'Budapest', 'Copenhagen', 'Rome', 'Seville'];

export const AXES_A: Axis[] = [
  {
    id: 'diet',
    poles: [
      {
        id: 'vegetarian',
        aspect: 'Suggests vegetarian food only, with no meat or fish',
        narrative: 'I have been vegetarian for years, so anything built around meat or fish is no use to me.',
        reason: 'The user does not eat meat or fish.',
        posts: [
          {
            category: 'Food_and_Cooking',
            text: "Best way to get enough protein without meat? I've been vegetarian since university and I'm running out of lentil and tofu ideas.",
          },
          { category: 'Food_and_Cooking', text: "Which cheeses are made without animal rennet? As a vegetarian I check labels, but it's confusing." },
        ],
        marker: /\b(lentils?|chickpeas?|tofu|halloumi|mushrooms?|hummus|paneer)\b/i,
      },
      {
        id: 'meat-lover',
        aspect: 'Builds the suggestion around meat, which the user loves to cook',
        narrative: 'Meat is the heart of every meal I cook, and I want a dish that puts it at the centre.',
        reason: 'The user cooks and enjoys meat dishes.',
        posts: [
          { category: 'Food_and_Cooking', text: 'How long should I rest a brisket after smoking it? I smoke meat most weekends and want juicier results.' },
          { category: 'Food_and_Cooking', text: 'Cast iron pan or grill for a ribeye? I cook red meat three or four times a week.' },
        ],
        marker: /\b(lamb|beef|chicken|salami|tuna|ham|pork|chorizo)\b/i,
      },
    ],
    templates: [
      {
        category: 'Food_and_Cooking',
        question: "I'm cooking dinner for {n} friends on {day}. What main dish would you suggest?",
        answers: [
          "Try a mushroom and lentil shepherd's pie for {n}: fry the mushrooms with onion and thyme, stir in cooked lentils and stock, top with mashed potato and bake for 30 minutes until golden. You can assemble it the day before.",
          "Try a classic lamb shepherd's pie for {n}: brown the minced lamb with onion and thyme, stir in a splash of stock, top with mashed potato and bake for 30 minutes until golden. You can assemble it the day before.",
        ],
        slots: combos({ n: [4, 5, 6, 7, 8, 9, 10], day: DAYS }),
      },
      {
        category: 'Food_and_Cooking',
        question: 'What food should I pack for a {k}-day hike? It needs to be filling and keep without a fridge.',
        answers: [
          'Pack wraps with hummus and roasted peppers, hard cheese, boiled eggs for the first day, peanut butter sandwiches and a bag of nuts and dried fruit. Pitta with halloumi also keeps well for a couple of days.',
          'Pack wraps with sliced salami and peppers, beef jerky, tuna pouches, chicken sandwiches for the first day and a bag of nuts and dried fruit. Pitta with cured ham also keeps well for a couple of days.',
        ],
        slots: combos({ k: [2, 3, 4, 5] }),
      },
      {
        category: 'Food_and_Cooking',
        question: "What's a good one-pan recipe for a {meal}?",
        answers: [
          'A chickpea and spinach curry: soften onion, garlic and ginger, add curry paste, a tin of chickpeas, a tin of tomatoes and a handful of spinach, then simmer for 15 minutes. Finish with yoghurt and serve with rice or naan.',
          'A chicken and spinach curry: brown diced chicken thighs, add onion, garlic, ginger and curry paste, then a tin of tomatoes and a handful of spinach, and simmer for 20 minutes. Finish with yoghurt and serve with rice or naan.',
        ],
        slots: combos({ meal: ['weeknight dinner', 'Sunday lunch', 'family supper', 'dinner for two', 'post-gym meal', 'cold evening'] }),
      },
    ],
  },
  {
    id: 'units',
    poles: [
      {
        id: 'metric',
        aspect: 'Gives measurements in metric units (grams, millilitres, centimetres, °C)',
        narrative: 'Everything in my home is metric, and I get lost with cups, inches or Fahrenheit.',
        reason: 'The user measures in metric units.',
        posts: [
          {
            category: 'Food_and_Cooking',
            text: 'Is there a reliable chart for converting American recipes to grams? My kitchen scale only does metric and cups confuse me.',
          },
          { category: 'Home_and_Garden', text: 'What is a standard picture frame size in centimetres? I only own a metric tape measure.' },
        ],
        marker: /\d ?(g|kg|ml|cm|litres)\b|°C/,
      },
      {
        id: 'imperial',
        aspect: 'Gives measurements in US customary units (cups, ounces, inches, °F)',
        narrative: 'I think in cups, ounces, feet and Fahrenheit, and converting from metric is a chore.',
        reason: 'The user measures in US customary units.',
        posts: [
          { category: 'Food_and_Cooking', text: "Why do British recipes use grams? I measure everything in cups and ounces and my scale doesn't do metric." },
          { category: 'Home_and_Garden', text: 'Is a 6 foot fence tall enough for backyard privacy? I plan everything in feet and inches.' },
        ],
        marker: /\b(cups?|tsp|oz|ounces|feet|inch|inches)\b|°F/,
      },
    ],
    templates: [
      {
        category: 'Food_and_Cooking',
        question: 'How do I bake a simple loaf of bread? I want to try it {when}.',
        answers: [
          'Mix 500 g strong flour, 7 g dried yeast, 10 g salt and 350 ml warm water. Knead for 10 minutes, leave it to rise for an hour, shape it, let it rise 45 minutes more, then bake at 220 °C for 30 to 35 minutes.',
          'Mix 4 cups bread flour, 2 tsp dried yeast, 2 tsp salt and 1.5 cups warm water. Knead for 10 minutes, leave it to rise for an hour, shape it, let it rise 45 minutes more, then bake at 430 °F for 30 to 35 minutes.',
        ],
        slots: combos({ when: ['this weekend', 'on Saturday', 'on Sunday', 'tomorrow', 'this evening', 'for a picnic', 'for my family', 'before a party'] }),
      },
      {
        category: 'Home_and_Garden',
        question: 'How big should a raised bed be for growing {plant}?',
        answers: [
          'Make it about 120 cm wide so you can reach the middle from both sides, any length that fits, and at least 30 cm deep for {plant}. Leave 45 cm paths between beds and space the plants about 40 cm apart.',
          'Make it about 4 feet wide so you can reach the middle from both sides, any length that fits, and at least 12 inches deep for {plant}. Leave 18 inch paths between beds and space the plants about 16 inches apart.',
        ],
        slots: combos({ plant: ['tomatoes', 'courgettes', 'potatoes', 'strawberries', 'carrots', 'peppers', 'squash', 'salad leaves'] }),
      },
      {
        category: 'Health_and_Fitness',
        question: 'How much water should I carry on a {hours}-hour summer bike ride?',
        answers: [
          'Plan on roughly 500 to 750 ml per hour in warm weather, so about {litres} litres for {hours} hours. Carry two 750 ml bottles and plan a refill stop, and add electrolytes if it is above 25 °C.',
          'Plan on roughly 16 to 24 oz per hour in warm weather, so about {ounces} ounces for {hours} hours. Carry two 24 oz bottles and plan a refill stop, and add electrolytes if it is above 77 °F.',
        ],
        // 0.6 litres ≈ 20 US fluid ounces per hour (0.6 / 0.0295735 = 20.3).
        slots: combos({ hours: [2, 3, 4, 5, 6] }, (s) => ({ litres: (Number(s.hours) * 0.6).toFixed(1), ounces: String(Number(s.hours) * 20) })),
      },
    ],
  },
  {
    id: 'expertise',
    poles: [
      {
        id: 'beginner',
        aspect: 'Explains in plain language a beginner can follow, without technical jargon',
        narrative: "I'm not technical at all, and jargon makes me give up halfway through.",
        reason: 'The user is a beginner with technology.',
        posts: [
          { category: 'Technology', text: "What does 'the cloud' actually mean? I'm new to computers and my grandson set up my laptop for me." },
          { category: 'Technology', text: "Is it safe to press 'update' when my phone asks? I'm not very techy and worry about breaking it." },
        ],
        marker: /\b(easiest|simple|simply|in plain terms|nothing technical)\b/i,
      },
      {
        id: 'expert',
        aspect: 'Uses precise technical terms and skips the basics for an experienced user',
        narrative: 'I work in IT, so skip the basics and give me the technical details.',
        reason: 'The user is a technical expert.',
        posts: [
          { category: 'Technology', text: 'ZFS or btrfs for a home NAS with ECC RAM? I run a small homelab and care about scrub performance.' },
          { category: 'Technology', text: 'Best way to pin dependency versions across a monorepo? I maintain CI for a team of twelve engineers.' },
        ],
        marker: /\b(rsync|restic|NAS|checksums|RSSI|SNR|GHz|MHz|SMART|NVMe|I\/O)\b/,
      },
    ],
    templates: [
      {
        category: 'Technology',
        question: 'How should I back up the photos on my {device}?',
        answers: [
          "The easiest way is to switch on photo backup in your {device}'s settings, so every new picture is copied to your online account by itself. Once a month, also drag the photo folder onto a USB stick and keep it in a drawer.",
          'Run nightly incremental backups from the {device} with restic or rsync to a NAS, keep versioned snapshots, and push an encrypted copy offsite. Verify checksums monthly and test a restore, since an untested backup is a hope.',
        ],
        slots: combos({ device: ['laptop', 'phone', 'tablet', 'desktop computer', 'old laptop', 'work laptop', 'family computer'] }),
      },
      {
        category: 'Technology',
        question: 'Why is the Wi-Fi slow in my {room}, and how do I fix it?',
        answers: [
          "Walls and distance weaken the signal, so the {room} may simply be too far from the router. Move the router somewhere higher and more central, switch it off and on again, and if that doesn't help, a plug-in booster is a simple fix.",
          'Check RSSI and SNR in the {room} with an analyser app; if the SNR is poor, move the access point or add a mesh node with wired backhaul. Pick a clear 5 GHz channel at 80 MHz width and check the client is not stuck on 2.4 GHz.',
        ],
        slots: combos({ room: ['bedroom', 'kitchen', 'garden office', 'attic', 'basement', 'spare room', 'living room', 'study'] }),
      },
      {
        category: 'Technology',
        question: 'My {device} has become slow over the past {period}. What should I do?',
        answers: [
          "In plain terms: restart it, close programs you aren't using and remove apps you no longer need. Make sure updates are installed, and if it's still slow, a repair shop can check whether more memory or a new drive would help.",
          "Profile it first: check CPU load, memory pressure and disk I/O to see whether it's swapping or thermally throttling. Trim startup services, read the drive's SMART data, and if memory stays tight, add RAM or move to NVMe.",
        ],
        slots: combos({ device: ['laptop', 'desktop computer', 'home computer', 'work computer'], period: ['month', 'year', 'few weeks'] }),
      },
    ],
  },
];
