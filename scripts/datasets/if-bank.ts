/**
 * Raw text for the instruction-following items: short comma-free sentences per topic (so the
 * "no commas" and word-count constraints are easy to satisfy exactly), sentences without the
 * letter "e", and lists of things to enumerate. The constraint code checks every property.
 */
export interface Topic {
  name: string;
  sentences: string[];
  /** One sentence on the topic with no letter "e" (checked in code). */
  lipogram: string;
}

export const TOPICS: Topic[] = [
  {
    name: 'the ocean',
    sentences: [
      'Waves fold onto the sand at dawn.',
      'Salt hangs in the cool morning air.',
      'Gulls circle above the fishing boats.',
      'The tide slowly pulls back from the shore.',
      'Deep water looks almost black at night.',
      'Small crabs hide between the wet rocks.',
      'A cold wind pushes the foam inland.',
      'Sailors watch the sky for coming storms.',
    ],
    lipogram: 'A salty wind blows across a calm bay, and gulls call out loud.',
  },
  {
    name: 'autumn',
    sentences: [
      'Leaves turn red and gold in autumn.',
      'The air smells of smoke and rain.',
      'Squirrels bury acorns under the oak trees.',
      'Evenings grow dark a little earlier each week.',
      'Apples ripen in the quiet orchards.',
      'Fog settles over the fields at sunrise.',
      'People pull warm sweaters from their drawers.',
      'Geese fly south in long loose lines.',
    ],
    lipogram: 'In autumn, cool air blows in, acorns drop, and days grow short.',
  },
  {
    name: 'a city at night',
    sentences: [
      'Street lights hum above the empty road.',
      'A late bus rolls past the bakery.',
      'Windows glow in the tall apartment blocks.',
      'Taxis wait outside the train station.',
      'The river reflects the lights of the bridge.',
      'A cat crosses the quiet market square.',
      'Night shift workers head home before dawn.',
      'Sirens fade somewhere far across town.',
    ],
    lipogram: "At night, a city's lights glow and taxis hum past shut shops.",
  },
  {
    name: 'a mountain hike',
    sentences: [
      'The trail climbs through pine and birch.',
      'Our boots crunch on loose grey stones.',
      'A stream runs cold beside the path.',
      'The summit hides behind drifting clouds.',
      'We stop to drink and catch our breath.',
      'Marmots whistle from the rocky slopes.',
      'The view opens up above the tree line.',
      'Sunset paints the peaks a soft pink.',
    ],
    lipogram: 'On a long hiking trail, our boots crunch on rocky ground.',
  },
  {
    name: 'baking bread',
    sentences: [
      'Flour dusts the wooden counter.',
      'The dough rises slowly in a warm bowl.',
      'Kneading makes the dough smooth and elastic.',
      'The oven fills the kitchen with heat.',
      'A crisp crust forms in the last minutes.',
      'The loaf sounds hollow when it is done.',
      'Steam escapes as the bread is sliced.',
      'Fresh bread tastes best while still warm.',
    ],
    lipogram: 'A warm loaf, just out of its hot pan, is a joy to cut.',
  },
  {
    name: 'a library',
    sentences: [
      'Rows of shelves stretch toward the back wall.',
      'Readers turn pages in careful silence.',
      'A librarian stamps a stack of returns.',
      'Sunlight falls across the long oak tables.',
      'Old books smell of dust and glue.',
      'Children gather for the weekly story hour.',
      'A printer whirs quietly in the corner.',
      'Every book has a number on its spine.',
    ],
    lipogram: 'Books sit in tall rows, and a hush falls on all who walk in.',
  },
  {
    name: 'a thunderstorm',
    sentences: [
      'Dark clouds pile up over the hills.',
      'The first heavy drops hit the roof.',
      'Lightning flashes across the whole sky.',
      'Thunder rolls a few seconds later.',
      'Gutters overflow with rushing water.',
      'The air smells sharp and clean afterwards.',
      'Dogs hide under beds until it passes.',
      'A rainbow sometimes follows the storm.',
    ],
    lipogram: 'A loud storm rolls in, with rain pounding on roofs all night.',
  },
  {
    name: 'a vegetable garden',
    sentences: [
      'Bees drift between the lavender flowers.',
      'Tomatoes ripen along the sunny fence.',
      'Snails leave silver trails on the path.',
      'The hose sprays a fine cool mist.',
      'Weeds push up between the paving stones.',
      'Beans climb the poles by the shed.',
      'A robin hunts for worms in the soil.',
      'Herbs grow thick beside the kitchen door.',
    ],
    lipogram: 'In my backyard plot, basil and mint grow thick in warm sun.',
  },
  {
    name: 'a sleepy cat',
    sentences: [
      'The cat curls up in a patch of sun.',
      'Its tail twitches while it dreams.',
      'Soft purring fills the quiet room.',
      'One ear turns toward every small sound.',
      'It stretches slowly and yawns wide.',
      'The cushion still holds its warm shape.',
      'A bird outside earns only a lazy glance.',
      'By evening it wakes up hungry.',
    ],
    lipogram: 'A cat naps on a warm rug, purring softly until dusk.',
  },
  {
    name: 'a summer concert in the park',
    sentences: [
      'A brass band tunes up on the stage.',
      'Families spread blankets across the grass.',
      'Children dance near the front row.',
      'The music drifts over the duck pond.',
      'Vendors sell lemonade from little carts.',
      'The crowd claps along to every chorus.',
      'Lanterns come on as the light fades.',
      'Everyone sings the last song together.',
    ],
    lipogram: 'A brass band plays a bright, jazzy song in a park at dusk.',
  },
];

export const LISTS: Array<{ what: string; items: string[] }> = [
  { what: 'fruits', items: ['Apple', 'Banana', 'Cherry', 'Mango', 'Pear', 'Plum', 'Orange', 'Kiwi'] },
  { what: 'musical instruments', items: ['Violin', 'Piano', 'Flute', 'Trumpet', 'Cello', 'Clarinet', 'Guitar', 'Harp'] },
  { what: 'colours of the rainbow', items: ['Red', 'Orange', 'Yellow', 'Green', 'Blue', 'Indigo', 'Violet'] },
  { what: 'planets in our Solar System', items: ['Mercury', 'Venus', 'Earth', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune'] },
  { what: 'board games', items: ['Chess', 'Checkers', 'Backgammon', 'Go', 'Scrabble', 'Monopoly'] },
  { what: 'kitchen utensils', items: ['Whisk', 'Ladle', 'Spatula', 'Colander', 'Peeler', 'Grater', 'Tongs'] },
  { what: 'vegetables', items: ['Carrot', 'Potato', 'Onion', 'Spinach', 'Broccoli', 'Cabbage', 'Leek'] },
  { what: 'sea mammals', items: ['Blue whale', 'Dolphin', 'Harbour seal', 'Sea otter', 'Walrus', 'Manatee'] },
  { what: 'team sports', items: ['Football', 'Basketball', 'Volleyball', 'Rugby', 'Hockey', 'Cricket', 'Handball'] },
  { what: 'primary school subjects', items: ['Reading', 'Mathematics', 'Science', 'Art', 'Music', 'History', 'Geography'] },
];
