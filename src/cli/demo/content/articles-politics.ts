import type { DemoArticle } from '../types.js';

const credit = 'Illustration: The Meridian Ledger';

export const articlesPolitics: DemoArticle[] = [
  {
    slug: 'council-approves-bus-network-redesign',
    headline: 'Council approves bus network redesign, ending the Westbank loop',
    dek: 'The 5-2 vote clears the way for buses every 10 minutes on six core routes, at the cost of some neighborhood coverage.',
    section: 'politics',
    tags: ['city-council', 'transport', 'budget'],
    authors: ['amara-osei'],
    daysAgo: 3.4,
    updatedMinutesAfter: 1310,
    readNext: 'canal-street-bike-lanes-parking-plan',
    commentPrompt: 'Will the new bus network get you where you need to go? Tell us which route you ride.',
    corrections: [
      {
        minutesAfter: 190,
        body: 'An earlier version of this article misstated the result of the vote. The measure passed 5-2, not 4-3.',
      },
      {
        minutesAfter: 1310,
        body: 'An earlier version of this article gave the wrong number for the route that will be discontinued. It is Route 14, not Route 4.',
      },
    ],
    image: {
      alt: 'Abstract illustration of colored transit lines crossing at a central hub',
      caption: 'Six core routes will run every 10 minutes from morning to evening under the new network.',
      credit,
      palette: ['#22223b', '#f2e9e4'],
    },
    body: `The Meridian City Council voted 5-2 to approve a redesign of the city's bus network that will run six core routes every 10 minutes for most of the day, while eliminating several low-ridership routes, including the Route 14 loop through Westbank.

The redesign, drawn up by Valley Transit over two years, is the first major overhaul of the city's routes since the 1990s. The council's approval was needed because the city pays about 40 percent of the agency's operating costs within city limits.

"Right now, most of our routes come every 30 or 45 minutes, which means people have to plan their lives around the schedule," said Council Member Linh Tran, who represents Old Town and chairs the transportation committee. "Frequent service means you just walk to the stop and go."

Council Members Marcus Hale of Northgate and Desmond Price of Cedar Flats voted against the plan. Both said it would leave some older residents and people with disabilities farther from a bus stop.

"I support the goal," Price said. "But for a 78-year-old on Juniper Street, a bus that comes every 10 minutes a half-mile away is worse than a bus every 40 minutes at the end of her block."

Under the plan, about 92 percent of city residents would still live within a quarter-mile of a bus stop, down from 96 percent today, according to Valley Transit. The agency says the share of residents who can reach the hospital or the college within 30 minutes would roughly double.

To address the coverage gap, the council added an amendment requiring the agency to expand its on-demand paratransit service to anyone over 70 living more than a quarter-mile from the new network, regardless of disability status. That will cost an estimated $1.1 million a year, which the council agreed to cover from the city's general fund for the first three years.

The new network will take effect in about nine months, after the agency hires 30 additional drivers and reprints every timetable in the system. Valley Transit said it would hold drop-in sessions at libraries and community centers to help riders plan new trips.`,
  },
  {
    slug: 'mayor-budget-leans-on-reserves',
    headline: 'Mayor’s budget avoids cuts by drawing $18 million from city reserves',
    dek: 'Celia Vance’s proposal holds service levels steady for another year, but the city’s finance director warns the approach cannot last.',
    section: 'politics',
    tags: ['budget', 'city-council'],
    authors: ['amara-osei'],
    daysAgo: 6.8,
    commentPrompt: 'Should the city spend its reserves to avoid cuts, or make harder choices now?',
    image: {
      alt: 'Abstract illustration of a stack of coins shrinking from left to right',
      caption: 'Meridian’s reserve fund would fall to about 9 percent of annual spending under the proposal.',
      credit,
      palette: ['#283618', '#dda15e'],
    },
    body: `Mayor Celia Vance proposed a $612 million budget for the coming year that keeps city services at current levels by drawing $18 million from Meridian's reserve fund, a move her own finance director described as a one-year bridge rather than a plan.

The proposal, presented to the city council this week, includes no layoffs and no new fees. It adds 12 positions in the fire department to staff a new station in Cedar Flats and sets aside $4 million to begin replacing water mains in Old Town.

"This budget protects the things people count on: their libraries, their parks, their buses," Vance told the council. "I am not going to ask residents to accept less while we still have the means to avoid it."

# Where the gap comes from

The city faces a gap of roughly $18 million because costs, mostly salaries, pensions and health insurance, are growing faster than revenue. Property tax collections are expected to rise 2.4 percent, while personnel costs are projected to rise 5.1 percent.

Finance Director Raymond Oduya told council members the reserve draw would leave the fund at about 9 percent of annual spending, below the 12 percent the city's own policy recommends.

> [!pullquote]
> "We can do this once. We should not plan on doing it twice."

"We can do this once," Oduya said. "We should not plan on doing it twice."

# Reaction on the council

Several council members said they would support the draw only if the mayor commits to a longer-term plan. Council Member Hannah Kowalczyk, who holds an at-large seat, asked for a list of options, including new revenue and service changes, to be presented before the next budget cycle.

The Meridian Business Journal, which reviewed the city's five-year forecast, described the outlook this way:

> Without changes, the city's own projections show reserves running out within three years, at which point Meridian would face a choice between deep cuts and a property tax increase larger than any in its recent history.
>
> — [Meridian Business Journal](https://example.org/meridian-business-journal/city-forecast)

Vance said she would convene a working group of residents, business owners and labor representatives to recommend options before the next budget cycle begins. "Everything should be on the table," she said, "including the things that are hard to talk about."

**The council must adopt a budget before the fiscal year begins. Public hearings start next month at City Hall.**

The council's finance committee will go through the proposal department by department over the next four weeks.`,
    comments: [
      {
        author: 'G. Whitcombe',
        body: 'Using reserves in a real emergency is what they are for. Using them to cover a structural gap just delays the problem and makes it bigger.',
        minutesAfter: 55,
        replies: [
          {
            author: 'Linnea from Millpond',
            body: 'I agree in principle, but I would rather they take a year to get the long-term plan right than rush into cuts.',
            minutesAfter: 120,
          },
        ],
      },
      {
        author: 'R. Okafor',
        body: 'Good to see the Old Town water mains in there. Some of those pipes are older than my grandmother, so $4 million sounds like a start, not a finish.',
        minutesAfter: 260,
      },
      {
        author: 'taxpayer_in_westbank',
        body: 'Where is the breakdown of the health insurance costs? That line seems to grow every year and nobody explains why.',
        minutesAfter: 530,
      },
    ],
  },
  {
    slug: 'water-bond-special-election-registration',
    headline: 'Registration deadline nears for special election on $240 million water bond',
    dek: 'The measure would pay to replace aging pipes and build a second intake on the Lisle River. Here is what you need to know to vote.',
    section: 'politics',
    tags: ['elections', 'river', 'budget'],
    authors: ['felix-brandt'],
    daysAgo: 9.9,
    image: {
      alt: 'Abstract illustration of a ballot box drawn as a block of flowing water',
      caption: 'The bond needs a simple majority to pass.',
      credit,
      palette: ['#023e8a', '#caf0f8'],
    },
    body: `Voters in the Meridian Valley Water Authority's service area have until the end of next week to register for the special election on Measure W, a $240 million bond that would pay for pipe replacement and a new river intake.

The measure would be the largest investment in the valley's water system in half a century. About $150 million would go toward replacing roughly 60 miles of pipe installed before 1950, much of it in Old Town, Eastbank and central Port Alder. The remaining $90 million would build a second intake on the Lisle River, upstream of Fenwick, so the system is not dependent on a single point.

**Registration closes at 5 p.m. on the deadline day. Residents can register online, by mail or in person at the county elections office on Court Street.**

If the bond passes, the authority estimates the typical household would pay about $7.40 a month more on its water bill for 30 years.

"The pipes under our streets were laid by our great-grandparents," said Beatrice Lam, chair of the water authority's board. "We are asking this generation to do for the next one what they did for us."

Opponents, organized as the Valley Ratepayers Alliance, do not dispute that the pipes need replacing but say the second intake is unnecessary and the project should be split into two measures. "Voters should be able to say yes to the pipes without signing a blank check for a project that hasn't been properly studied," said Curtis Wilder, the group's spokesperson.

The authority said the intake design is about 30 percent complete and that a full environmental review will be done before construction.

The election will be held entirely by mail. Ballots will be mailed to all registered voters in the service area about three weeks before election day, and can be returned by mail or at 14 drop boxes across the valley.

The county elections office said it expects turnout of 25 to 35 percent, typical for a stand-alone special election.`,
  },
  {
    slug: 'eastbank-council-seat-four-candidates',
    headline: 'Four candidates file for open Eastbank council seat',
    dek: 'Nadia Adeyemi’s decision not to seek a fourth term has opened the most competitive local race in years.',
    section: 'politics',
    tags: ['elections', 'city-council'],
    authors: ['amara-osei'],
    daysAgo: 12.5,
    commentPrompt: 'What should the next Eastbank council member focus on first?',
    body: `Four candidates have filed to run for the Eastbank seat on the Meridian City Council, which is open for the first time in 12 years after Council Member Nadia Adeyemi announced she would not seek re-election.

The field includes a small-business owner, a nurse, a former school board member and a tenant organizer. The filing deadline passed at 5 p.m. on the final day, and the city clerk's office confirmed all four had submitted enough valid signatures.

Adeyemi, who has held the seat since a special election, said she was stepping down to spend more time with her family and had no plans to endorse a successor. "Eastbank deserves a real contest, and it's going to get one," she said.

The candidates are:

**Rosalind Oyelaran**, 51, who owns a bicycle repair shop on Mercer Avenue and chairs the Eastbank business association. She has said her priorities are street safety and faster permitting for small businesses.

**Anders Feld**, 38, a nurse at Meridian General Hospital, who says he wants to focus on public health, including the city's response to heat and air quality.

**Sandra Kimura**, 63, who served eight years on the Meridian Unified School District board. She has pointed to her experience with public budgets.

**Devon Hollis**, 29, an organizer with the Eastbank Tenants Union, who has made rent stabilization and the short-term rental cap central to his campaign.

The seat covers about 26,000 residents and includes the Mercer Avenue commercial corridor and the riverfront. Housing costs have been the dominant issue at candidate forums so far.

The Eastbank Neighborhood Association will host the first candidate debate next month at the Eastbank Library. The Ledger will publish a voter guide before ballots go out.`,
    comments: [
      {
        author: 'Eastbank resident since 1988',
        body: 'Thank you, Council Member Adeyemi, for twelve years of answering every email. Whoever wins has big shoes to fill.',
        minutesAfter: 90,
      },
      {
        author: 'bikes_and_bread',
        body: 'Please ask all four candidates where they stand on the Canal Street plan at the debate.',
        minutesAfter: 200,
        replies: [
          {
            author: 'Amara Osei',
            body: 'Noted. We are collecting reader questions for the debate and for our voter guide, and this is already near the top of the list.',
            minutesAfter: 340,
          },
        ],
      },
    ],
  },
  {
    slug: 'state-bill-local-speed-limits',
    headline: 'Bill in Halden would let cities set lower speed limits without a state study',
    dek: 'Meridian and Port Alder officials testified in favor; rural lawmakers want the authority limited to city centers.',
    section: 'politics',
    tags: ['transport'],
    authors: ['felix-brandt'],
    daysAgo: 16.1,
    body: `A bill that would let cities lower speed limits on their own streets without first commissioning a state-approved traffic study passed the state House transportation committee in Halden on a 9-4 vote.

Under current law, a city must conduct an engineering study before setting a limit below 25 miles per hour, a process that typically costs $15,000 to $40,000 per street and can take a year. The bill would let cities set limits as low as 20 miles per hour on residential streets and in business districts by council vote.

Meridian's transportation director, Ines Carvalho, told the committee the city had a list of 140 streets where residents had asked for lower limits. "At the current pace, we will finish studying them sometime in the next decade," she said.

Valley Public Radio covered the hearing:

> Supporters pointed to research showing that a pedestrian hit at 20 miles per hour is far more likely to survive than one hit at 30. Several rural lawmakers, however, said they worried that the bill would allow towns to set limits designed to generate ticket revenue on state highways passing through them.
>
> — [Valley Public Radio](https://example.org/valley-public-radio/speed-limit-hearing)

To address that concern, the committee adopted an amendment excluding state highways and any road with more than two lanes in each direction.

Rep. Wilhelmina Strand, who represents the Brackenridge district and voted against the bill, said she remained concerned about enforcement. "Lower numbers on a sign don't slow anybody down," she said. "Road design does."

The bill's sponsor, Rep. Jasper Okoro of Port Alder, said cities would still be expected to redesign their most dangerous streets. "This is one tool, not the whole toolbox," he said.

The bill now goes to the full House. A similar measure passed the House two years ago but did not get a vote in the Senate.`,
  },
  {
    slug: 'county-approves-small-donor-matching',
    headline: 'County board approves public matching funds for small campaign donations',
    dek: 'Beginning with next year’s races, county candidates who agree to spending limits can receive $6 for every $1 raised from local residents.',
    section: 'politics',
    tags: ['elections'],
    authors: ['felix-brandt'],
    daysAgo: 20.4,
    body: `Meridian County will offer public matching funds to candidates who rely on small donations from local residents, after the county board of supervisors voted 3-2 to create the program.

Under the ordinance, candidates for county offices who agree to spending limits and to participate in at least two public debates will receive $6 in public money for every $1 they raise from county residents, up to the first $50 of each donation. A candidate for county supervisor could receive up to $90,000 in matching funds.

The program will cost about $1.2 million per election cycle and will be paid for from the county's general fund. It takes effect for next year's elections.

"Right now, to run for county supervisor, you need to know a lot of people with a lot of money," said Supervisor Elsa Brandvold, who sponsored the ordinance. "This lets a candidate who knows a lot of people with $25 compete."

Supervisor Walter Nyberg, who voted against, said he supported the idea but did not think the county could afford it. "We just told the sheriff we can't fund two new deputies," he said. "I don't know how to explain to people that we found a million dollars for campaign mailers."

Similar programs operate in several larger cities in other states. Researchers who have studied them have found that they tend to increase the number of donors to local races, though the effect on who wins is harder to measure.

The county elections office will hire one full-time auditor to review matching claims. Candidates who break the spending limits would have to repay the matching funds and could face fines.

The county will publish the program's rules and a guide for candidates early next year.`,
  },
  {
    slug: 'short-term-rental-cap-first-reading',
    headline: 'Short-term rental cap passes first reading over hosts’ objections',
    dek: 'The ordinance would limit whole-home vacation rentals to an owner’s primary residence in most of Meridian.',
    section: 'politics',
    tags: ['housing', 'city-council'],
    authors: ['amara-osei'],
    daysAgo: 23.1,
    readNext: 'zoning-overhaul-explainer',
    commentPrompt: 'Should Meridian limit short-term rentals to people’s primary homes?',
    image: {
      alt: 'Abstract illustration of a row of houses, some with keys hanging on their doors',
      caption: 'The city counts about 1,400 active short-term rental listings.',
      credit,
      palette: ['#9c6644', '#e6ccb2'],
    },
    body: `An ordinance that would sharply limit short-term rentals in Meridian passed its first reading at the city council on a 5-2 vote, despite objections from dozens of hosts who packed the council chamber.

The measure would allow whole-home rentals of fewer than 30 days only in a property that is the owner's primary residence, for up to 90 nights a year. Renting a room while the owner is home would still be allowed year-round. The rules would not apply in the downtown commercial zone.

The city estimates there are about 1,400 active short-term rental listings in Meridian, of which roughly 600 are whole homes that are not anyone's primary residence. Housing advocates say returning even half of those to the long-term market would ease pressure on rents.

"Six hundred homes is more than we will build in affordable housing this year," said Council Member Nadia Adeyemi, a co-sponsor. "We can't afford to have them sitting empty four nights a week."

Hosts who spoke said the rules would hurt families who depend on rental income and would push visitors to hotels outside the city. Greta Halvorsen, who rents out a cottage behind her house in Millpond, said the income covers her property taxes. "I'm not a corporation," she said. "I'm a retired schoolteacher with a backyard."

Under the ordinance, Halvorsen's cottage would count as part of her primary residence and could be rented for up to 90 nights a year. She said that would not be enough to cover her costs.

Council Members Gabriel Soto and Ingrid Solberg voted against, with Soto saying the city should first study the effect of a registration requirement passed two years ago.

**A second and final vote is expected in three weeks. If passed, the rules would take effect after a six-month grace period.**`,
    comments: [
      {
        author: 'renter_in_old_town',
        body: 'Three houses on my street are empty most of the week. Every one of them used to have a family in it. This is overdue.',
        minutesAfter: 45,
      },
      {
        author: 'Greta H.',
        body: 'I appreciate the Ledger quoting me accurately. I would just add that 90 nights does not cover the repairs on a 1920s cottage. Please consider a higher limit for backyard units.',
        minutesAfter: 180,
        replies: [
          {
            author: 'J. Thibodeaux',
            body: 'Have you considered renting it long-term? Month-to-month tenants would give you steadier income and someone would get a home.',
            minutesAfter: 230,
          },
          {
            author: 'Greta H.',
            body: 'I have, and I might. My granddaughter stays there when she visits, which is part of why I liked the flexibility.',
            minutesAfter: 300,
          },
        ],
      },
      {
        author: 'Priyanka from Westbank',
        body: 'The registration rule from two years ago was never enforced. I agree with Council Member Soto that we should know whether it worked before adding more rules.',
        minutesAfter: 410,
      },
      {
        author: 'millpond_mike',
        body: 'Visitors spend money in our shops. I hope the council thinks about where they will stay if half the listings disappear.',
        minutesAfter: 720,
      },
    ],
  },
  {
    slug: 'fenwick-keeps-volunteer-fire-department',
    headline: 'Fenwick votes to keep its volunteer fire department, rejecting county merger',
    dek: 'Town meeting rejected a plan to fold the 110-year-old department into the county fire district by a margin of roughly two to one.',
    section: 'politics',
    tags: ['budget', 'agriculture'],
    authors: ['felix-brandt', 'amara-osei'],
    daysAgo: 27.3,
    image: {
      alt: 'Abstract illustration of a red firehouse door framed by wheat-colored fields',
      caption: 'The Fenwick Volunteer Fire Department has 34 active members.',
      credit,
      palette: ['#9d0208', '#ffba08'],
    },
    body: `Voters in Fenwick have decided to keep the town's all-volunteer fire department rather than merge it into the Meridian County fire district, after a town meeting that stretched past four hours and drew the largest crowd in memory.

The final count was 412 against the merger and 219 in favor.

The merger had been proposed by Fenwick's town board, which said the department was struggling to recruit volunteers and that response times to outlying farms had grown longer. Joining the county district would have meant paid firefighters at the Fenwick station around the clock, funded by a property tax levy of about $380 a year on the average home.

Fire Chief Rolf Ingebretsen, a dairy farmer who has volunteered with the department for 31 years, said he understood the argument for the merger but was relieved by the result.

> [!pullquote]
> "When your barn is on fire, you want the person coming to be someone who knows where your water tank is."

"When your barn is on fire, you want the person coming to be someone who knows where your water tank is," Ingebretsen said. "That's what a small-town department gives you."

Supporters of the merger said the vote ignored a real staffing problem. The department's active roster has fallen from 52 members a decade ago to 34, and only about a dozen are regularly available during working hours, when many volunteers are at jobs in Meridian.

"Nobody in this room doubts the volunteers' dedication," said town board member Anneliese Voss. "The question is whether there will be enough of them in ten years. I'm not sure we answered that tonight."

The town board said it would set up a committee to recommend ways to recruit and keep volunteers, including a possible stipend for daytime responders and a partnership with the high school's vocational program.

The county fire district said its offer would remain open.`,
  },
  {
    slug: 'zoning-overhaul-explainer',
    headline: 'What Meridian’s zoning overhaul would change on your street',
    dek: 'The first rewrite of the city’s land-use code since 1978 would allow more kinds of homes in more places. Here is a plain-language guide.',
    section: 'politics',
    tags: ['housing', 'city-council'],
    authors: ['amara-osei'],
    daysAgo: 31.7,
    commentPrompt: 'What questions do you still have about the zoning proposal? We will put them to the planning department.',
    image: {
      alt: 'Abstract illustration of a city map divided into blocks of different colors',
      caption: 'About 68 percent of the city’s residential land is currently zoned for detached houses only.',
      credit,
      palette: ['#386641', '#f2e8cf'],
    },
    body: `Meridian's planning department has released a draft of the first comprehensive rewrite of the city's zoning code since 1978. The document runs to 412 pages. Here is what it would, and would not, do.

# Single-family zones

About 68 percent of Meridian's residential land is zoned for detached houses only. Under the draft, those zones would be renamed "neighborhood residential" and would allow up to three homes on a typical lot: a house plus a backyard cottage and a basement apartment, or a duplex plus a cottage, or a small triplex.

Height limits would stay at 30 feet, and buildings would still need to be set back from the street and from neighbors. "The rules about what a building looks like from the sidewalk barely change," said planning director Oona Fitzgerald. "What changes is how many households can live inside it."

# Main streets

Along major streets with frequent bus service, including Canal Street, Mercer Avenue and Fourth Avenue, the draft would allow apartment buildings of up to five stories, with shops or offices on the ground floor. Parking minimums would be removed within a quarter-mile of those streets.

# What would not change

The draft does not touch the Old Town historic district, where separate design rules would continue to apply. It does not change rules for industrial land along the river. It also does not require anyone to build anything.

# The debate so far

Supporters, including a coalition of housing groups and the Meridian Chamber of Commerce, say the city cannot keep up with demand under current rules. Meridian has added about 1,900 homes in the past five years, while the number of jobs has grown by about 6,000.

Some neighborhood associations have raised concerns about parking, tree loss and strain on older sewer lines. "We aren't against change," said Harold Quist, president of the Millpond Neighbors association. "We want to know the pipes under the street can take it before the buildings go up."

Fitzgerald said the city's utility department is reviewing sewer capacity block by block and would publish its findings before the council votes.

**Public comment on the draft is open for 60 days. The planning commission will hold hearings in each council district before sending a final version to the council.**`,
  },
  {
    slug: 'primary-turnout-20-year-high',
    headline: 'Primary turnout in the valley reaches a 20-year high',
    dek: 'Mail ballots and a contested county executive race pushed participation to 41 percent, with the biggest jump among voters under 30.',
    section: 'politics',
    tags: ['elections'],
    authors: ['felix-brandt'],
    daysAgo: 35.9,
    body: `Turnout in Meridian County's primary election reached 41.2 percent of registered voters, the highest for a primary in at least 20 years, according to final figures certified by the county elections office.

The previous high in that period was 36.8 percent. Turnout in the last comparable primary was 29.4 percent.

A Ledger analysis of precinct-level results found that turnout rose in all but two of the county's 118 precincts. The largest increases were in precincts near Meridian State College and in parts of Eastbank and Cedar Flats, areas with younger populations.

Among voters aged 18 to 29, turnout roughly doubled, from 14 percent to 27 percent, according to the elections office's breakdown by age.

County Elections Director Imogen Farrow attributed the increase to two changes: this was the first primary in which every registered voter received a ballot by mail, and the county added eight ballot drop boxes, bringing the total to 22.

"When you make it easier, more people vote," Farrow said. "That's not a political statement. That's just what the numbers show."

A contested race for county executive, the first open seat in 16 years, also drew attention and spending. Candidates and outside groups reported spending about $1.3 million combined, more than twice as much as in the previous open race.

The two precincts where turnout fell were both on Gull Island, where several residents reported ballots arriving late because of mail delays on the ferry. Farrow said her office would work with the postal service on the issue before the general election.

The Ledger's full precinct map and the data behind it are available on our data page.`,
  },
  {
    slug: 'old-town-pier-redevelopment-pushback',
    headline: 'Old Town residents ask council to slow down pier redevelopment',
    dek: 'A developer’s plan for a hotel, market hall and public promenade on the Quay Road pier has drawn both enthusiasm and a petition with 3,000 signatures.',
    section: 'politics',
    tags: ['waterfront', 'city-council', 'small-business'],
    authors: ['amara-osei'],
    daysAgo: 40.6,
    commentPrompt: 'So, what do you think? What should happen to the Quay Road pier?',
    image: {
      alt: 'Abstract illustration of a long pier reaching into a calm harbor',
      caption: 'The Quay Road pier has been largely unused since the fish processor closed in 2009.',
      credit,
      palette: ['#14213d', '#fca311'],
    },
    body: `More than 100 people crowded into the Old Town Community Hall to urge the city council to slow its review of a plan to redevelop the Quay Road pier, the long, mostly empty wharf at the foot of Harbour Street.

Tidewater Partners, a development firm based in Port Alder, has proposed a seven-story, 140-room hotel at the land end of the pier, a public market hall in the old fish-processing shed, and a promenade that would open the full length of the pier to the public for the first time in decades.

The city owns the pier and would lease it to the developer for 65 years. In exchange, Tidewater would pay to repair the pier's pilings, estimated at $22 million, and pay the city a share of hotel revenue.

Residents at the meeting were divided on the project itself, but many agreed the council was moving too fast. A petition asking for a 90-day pause and an independent review of the lease terms had gathered about 3,000 signatures.

"I'm not against a hotel," said Constance Webb, who has lived two blocks from the pier for 40 years. "I'm against signing a 65-year lease after two public meetings. My grandchildren will live with this."

Others urged the council to seize the chance. "That pier has been rotting for 15 years," said Abel Nunez, who runs a seafood stall at the Saturday market. "A market hall would give people like me a year-round place to sell. I'd sign tomorrow."

Council Member Linh Tran, who represents Old Town, said she had asked city staff for an independent appraisal of the lease and would not support a vote until it was complete. "I want to get to yes on this pier," she said. "But I want to get there with the neighborhood, not over it."

A spokesperson for Tidewater Partners said the firm welcomed the appraisal and was "confident the terms will stand up to scrutiny."

The council's economic development committee will take up the lease after the appraisal, expected in about two months.`,
    comments: [
      {
        author: 'Constance W.',
        body: 'Thank you for covering the meeting. To be clear, most of us want the pier fixed. We just want to read the lease first.',
        minutesAfter: 130,
      },
      {
        author: 'harbour_regular',
        body: 'A public promenade the full length of the pier would be wonderful. I walked out there as a kid before they fenced it off.',
        minutesAfter: 260,
        replies: [
          {
            author: 'A. Nunez',
            body: 'Same here. My father used to fish off the end. Would love my kids to be able to do the same.',
            minutesAfter: 330,
          },
        ],
      },
      {
        author: 'D. Farrell',
        body: 'Sixty-five years is a very long lease for public land. Other cities cap these at 40 or 50 with options to renew.',
        minutesAfter: 600,
      },
    ],
  },
];
