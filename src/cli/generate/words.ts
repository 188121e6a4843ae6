/*
 * The vocabulary `broadsheet generate` writes with: a local newsroom's
 * places, institutions, people and the things they argue about. Town names
 * are put together from two halves, so headlines carry words that are rare
 * enough to search for.
 */

const PLACE_STARTS = [
  'Ash',
  'Brad',
  'Cal',
  'Dun',
  'Elm',
  'Fair',
  'Glen',
  'Har',
  'Ivy',
  'Kings',
  'Lan',
  'Mar',
  'North',
  'Oak',
  'Pem',
  'Quar',
  'Red',
  'Stan',
  'Thorn',
  'Up',
  'Val',
  'West',
  'Wil',
  'Yar',
  'Bram',
  'Cold',
  'Fern',
  'Hollin',
];
const PLACE_ENDS = ['ford', 'ton', 'bury', 'field', 'wick', 'mouth', 'dale', 'ham', 'ley', 'stead', 'bridge', 'port', 'moor', 'well', 'combe', 'thorpe'];

/** 448 town and district names: Ashford, Bradwick, Calmouth… */
export const PLACES: readonly string[] = PLACE_STARTS.flatMap((s) => PLACE_ENDS.map((e) => s + e));

export const BODIES = [
  'council',
  'school board',
  'transit agency',
  'hospital trust',
  'water utility',
  'planning committee',
  'police department',
  'library board',
  'university',
  'chamber of commerce',
  'port authority',
  'housing authority',
  'fire district',
  'parks department',
  'county commission',
  'farmers market',
  'teachers union',
  'health department',
] as const;

export const VERBS = ['approves', 'delays', 'rejects', 'reviews', 'expands', 'cuts', 'funds', 'debates', 'pauses', 'restores', 'unveils', 'weighs', 'scraps', 'revives', 'questions', 'backs'] as const;

export const ADJECTIVES = ['new', 'revised', 'long-delayed', 'contested', 'overdue', 'ambitious', 'scaled-back', 'temporary', 'permanent', 'disputed', 'popular', 'costly'] as const;

export const TOPICS = [
  'ferry timetable',
  'bike lane plan',
  'library renovation',
  'bus network redesign',
  'school lunch program',
  'flood defence scheme',
  'housing development',
  'parking rules',
  'tree planting drive',
  'harbour dredging',
  'after-school clubs',
  'road resurfacing',
  'recycling contract',
  'sports centre upgrade',
  'night market',
  'rent assistance fund',
  'broadband rollout',
  'clinic opening hours',
  'riverfront trail',
  'snow clearing budget',
  'street lighting',
  'school boundary map',
  'public art programme',
  'water main repairs',
  'youth summer jobs',
  'heritage listing',
  'wind farm proposal',
  'bridge inspection',
  'noise limits',
  'food bank expansion',
] as const;

export const FIRST_NAMES = [
  'Ana',
  'Ben',
  'Chidi',
  'Dana',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luis',
  'Maya',
  'Nikolai',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Samir',
  'Tessa',
  'Umar',
  'Vera',
  'Wen',
  'Yusuf',
  'Zoe',
  'Marta',
  'Theo',
  'Aisha',
] as const;

export const LAST_NAMES = [
  'Okafor',
  'Lindqvist',
  'Haddad',
  'Moreau',
  'Nakamura',
  'Petrov',
  'Alvarez',
  'Brennan',
  'Castillo',
  'Duarte',
  'Eriksen',
  'Fontaine',
  'Gallagher',
  'Hussain',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'Larsen',
  'Mensah',
  'Novak',
  'Oduya',
  'Park',
  'Quispe',
  'Rossi',
  'Sato',
  'Tremblay',
  'Varga',
  'Whitfield',
] as const;

export const ROLES = [
  'who chairs the committee',
  'a spokesperson for the agency',
  'a local business owner',
  'a parent of two',
  'the deputy mayor',
  'a retired engineer',
  'a nurse at the county hospital',
  'the union representative',
  'a neighbourhood association member',
  'an economist at the state university',
] as const;

export const WHEN = ['on Tuesday', 'on Thursday', 'last week', 'this month', 'on Monday night', 'after a long meeting', 'in a narrow vote', 'before the summer recess'] as const;

export const NUMBERS = ['$2.4 million', '$680,000', '14 months', 'three years', '1,200 households', '40 per cent', 'a dozen sites', '600 residents', '$11 million', 'nine weeks'] as const;

export const SUBHEADS = ['What happens next', 'The cost', 'Who is affected', 'How we got here', 'What residents said', 'The numbers', 'A second look'] as const;

export const COMMENT_OPENERS = [
  'I live two streets from here, and',
  'Honest question:',
  'As a small business owner,',
  'Having read the whole report,',
  'My kids go to school nearby, so',
  'I was at the meeting and',
  'Counterpoint:',
  'For what it is worth,',
  'Lived here thirty years and',
  'Not to pile on, but',
  'Agree with most of this, although',
  'Speaking as a commuter,',
  'Good reporting.',
  'I keep hearing that',
  'Correct me if I am wrong, but',
  'Same thing happened in the next town over:',
] as const;

export const COMMENT_MIDDLES = [
  'the cost estimate looks low for a project this size',
  'nobody asked the people who actually use it',
  'this is the first sensible decision in years',
  'the timeline keeps slipping and nobody says why',
  'the numbers in the report do not add up',
  'a trial period with a proper count before and after sounds fair',
  'the side streets will take the overflow',
  'the money would do more good on basic repairs',
  'the older residents need a say in this',
  'every place that tried this was glad a few years later',
  'the consultation was held at a time most of us work',
  'it will be the renters who pay for it in the end',
  'the plan finally treats walking as transport',
  'the council should publish the data by neighbourhood',
  'we were promised the same thing ten years ago',
  'the contractor has a poor record on the last job',
] as const;

export const COMMENT_CLOSERS = [
  'Curious what others think.',
  'Happy to be proven wrong.',
  'We will see in a year.',
  'That is my two cents.',
  'Go to the next meeting and say so.',
  'Thanks for covering this.',
  'Please keep following this story.',
  '',
  '',
  '',
] as const;

export const HANDLES = [
  'riverside_reader',
  'quietcommuter',
  'old_mill_road',
  'corner_baker',
  'night_shift_nurse',
  'harbour_watcher',
  'bus_stop_philosopher',
  'allotment_anne',
  'retired_teacher',
  'local_cyclist',
  'parent_of_three',
  'long_time_lurker',
] as const;

export const SECTIONS = [
  { slug: 'news', name: 'News', description: 'What happened today across the region.' },
  { slug: 'politics', name: 'Politics', description: 'Councils, elections and the people who run them.' },
  { slug: 'business', name: 'Business', description: 'Work, money and the local economy.' },
  { slug: 'education', name: 'Education', description: 'Schools, colleges and learning.' },
  { slug: 'health', name: 'Health', description: 'Hospitals, clinics and public health.' },
  { slug: 'environment', name: 'Environment', description: 'Weather, rivers, parks and the climate.' },
  { slug: 'culture', name: 'Culture', description: 'Arts, music, books and events.' },
  { slug: 'sport', name: 'Sport', description: 'Clubs, fixtures and results.' },
] as const;
