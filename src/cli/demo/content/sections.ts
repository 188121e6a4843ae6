import type { DemoSection } from '../types.js';

export const sections: DemoSection[] = [
  {
    slug: 'news',
    name: 'News',
    description: 'What is happening across Meridian, Port Alder and the rest of the valley, reported from the street up.',
  },
  {
    slug: 'politics',
    name: 'Politics',
    description: 'City Hall, the county board and the statehouse in Halden, and what their decisions mean for the people who live with them.',
  },
  {
    slug: 'business',
    name: 'Business',
    description: 'The employers, shopkeepers, growers and builders who keep the valley working, and the numbers behind them.',
  },
  {
    slug: 'climate',
    name: 'Climate',
    description: 'The river, the hills, the weather and the energy we use, covered with the patience the subject deserves.',
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Stages, galleries, festivals, books and the people who make the valley a place worth living in.',
  },
];
