import type { DemoAuthor } from '../types.js';

export const authors: DemoAuthor[] = [
  {
    slug: 'amara-osei',
    name: 'Amara Osei',
    bio: 'Amara Osei covers Meridian City Hall and the county board. Before joining the Ledger she spent six years reporting on local government in the coastal towns south of Port Alder.',
    palette: ['#1d3557', '#e9c46a'],
    links: [
      { label: 'Newsletter: The Council Desk', url: 'https://example.org/newsletters/council-desk' },
      { label: 'Send a secure tip', url: 'https://example.org/tips/amara-osei' },
    ],
  },
  {
    slug: 'tomas-lindqvist',
    name: 'Tomas Lindqvist',
    bio: 'Tomas Lindqvist is the Ledger’s business editor. He writes about employers, housing markets and the small shops that give the valley’s main streets their character.',
    palette: ['#264653', '#f4a261'],
    links: [{ label: 'Weekly column: Main Street', url: 'https://example.org/columns/main-street' }],
  },
  {
    slug: 'priya-raman',
    name: 'Priya Raman',
    bio: 'Priya Raman reports on climate, the Lisle River and the valley’s energy transition. She trained as a hydrologist before moving into journalism.',
    palette: ['#2a9d8f', '#e76f51'],
    links: [
      { label: 'River levels explained', url: 'https://example.org/guides/river-levels' },
      { label: 'Field notes', url: 'https://example.com/priya-raman/field-notes' },
    ],
  },
  {
    slug: 'jonah-whitfield',
    name: 'Jonah Whitfield',
    bio: 'Jonah Whitfield covers transportation and breaking news. He rides the Route 9 bus most mornings and welcomes complaints about it.',
    palette: ['#3d405b', '#81b29a'],
    links: [{ label: 'Send a tip', url: 'https://example.org/tips/jonah-whitfield' }],
  },
  {
    slug: 'elena-marsh',
    name: 'Elena Marsh',
    bio: 'Elena Marsh writes about arts and culture in the valley, from the symphony to the church-basement folk night. She has reviewed theatre for the Ledger since it launched.',
    palette: ['#6d597a', '#eaac8b'],
    links: [
      { label: 'What’s on this week', url: 'https://example.org/culture/whats-on' },
      { label: 'Reading list', url: 'https://example.com/elena-marsh/reading' },
    ],
  },
  {
    slug: 'ruth-castellanos',
    name: 'Ruth Castellanos',
    bio: 'Ruth Castellanos covers schools, libraries and public health. She is a former substitute teacher and a graduate of Stillwater High School.',
    palette: ['#22577a', '#ffd166'],
    links: [{ label: 'Schools newsletter', url: 'https://example.org/newsletters/school-bell' }],
  },
  {
    slug: 'felix-brandt',
    name: 'Felix Brandt',
    bio: 'Felix Brandt is the Ledger’s data reporter and covers the state legislature in Halden. He builds the spreadsheets that the rest of the newsroom argues with.',
    palette: ['#5f0f40', '#9ad1d4'],
    links: [
      { label: 'Data and methods', url: 'https://example.org/data' },
      { label: 'Statehouse tracker', url: 'https://example.com/felix-brandt/statehouse' },
    ],
  },
];
