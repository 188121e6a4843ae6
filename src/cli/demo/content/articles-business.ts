import type { DemoArticle } from '../types.js';

const credit = 'Illustration: The Meridian Ledger';

export const articlesBusiness: DemoArticle[] = [
  {
    slug: 'battery-storage-old-rail-yard',
    headline: 'Power co-op plans valley’s largest battery on the old Westbank rail yard',
    dek: 'The 80-megawatt project would store surplus solar power for the evening peak and bring a long-vacant industrial site back into use.',
    section: 'business',
    tags: ['energy'],
    authors: ['tomas-lindqvist', 'priya-raman'],
    daysAgo: 4.5,
    commentPrompt: 'Would you welcome a large battery site in your part of town?',
    image: {
      alt: 'Abstract illustration of rows of battery cells on an empty rail yard',
      caption: 'The Westbank rail yard has been vacant since freight service ended in the 1990s.',
      credit,
      palette: ['#2b2d42', '#8d99ae'],
    },
    body: `The Lisle Valley Power Cooperative plans to build an 80-megawatt battery storage facility on the former Westbank rail yard, a 22-acre site that has sat empty for nearly 30 years, the utility said.

The batteries would charge during the middle of the day, when the valley's solar farms produce more electricity than customers use, and discharge in the early evening, when demand peaks. At full output, the facility could supply roughly 60,000 homes for four hours.

"Right now, on sunny afternoons, we sometimes pay other utilities to take our surplus power," said Margit Solheim, the cooperative's chief executive. "Then at six o'clock we buy power back from them at a higher price. Storage lets us keep our own electricity for when we need it."

The cooperative estimates the project will cost $145 million, about a third of which would be covered by federal tax credits. Solheim said it expects the facility to lower members' bills slightly over time, though she declined to give a figure until construction bids are in.

The rail yard, owned by the city, was contaminated with oil and creosote from decades of use. The cooperative would lease it for 30 years and pay for the cleanup, which state environmental officials have already approved.

Residents of the neighboring streets have asked about fire safety, following reports of battery fires at facilities in other states. The cooperative said the design would use a newer lithium iron phosphate chemistry that is less prone to overheating, and that each unit would be housed in its own steel enclosure with automatic fire suppression.

"We'll want to see the fire department sign off on the plan before we're comfortable," said Anika Roth, who lives on Sawmill Road, across the street from the yard. "But honestly, anything is better than an empty lot with a fence around it."

The project still needs a permit from the city's planning commission. If approved, construction would take about 18 months and employ around 150 workers at its peak.`,
  },
  {
    slug: 'port-alder-container-volumes-new-crane',
    headline: 'Port Alder cargo volumes up 12 percent as new crane comes online',
    dek: 'The port’s first new ship-to-shore crane in two decades has cut unloading times, and port officials are hiring.',
    section: 'business',
    tags: ['waterfront'],
    authors: ['tomas-lindqvist'],
    daysAgo: 7.3,
    image: {
      alt: 'Abstract illustration of a crane lifting stacked containers',
      caption: 'The new crane can reach across ships 22 containers wide.',
      credit,
      palette: ['#bc4749', '#f2e8cf'],
    },
    body: `Container volumes at the Port of Port Alder rose 12 percent in the most recent quarter compared with a year earlier, the port authority reported, crediting a new ship-to-shore crane that went into service four months ago.

The port handled about 48,000 containers in the quarter, measured in standard 20-foot units. Officials said the new crane, which can reach across larger ships than the port's two older cranes, had cut the average time a ship spends at the dock from 31 hours to 22.

"Shipping lines choose ports on reliability and speed," said Josephine Carver, the port's executive director. "For years we were telling them we could handle their bigger ships. Now we can show them."

The Harbour Gazette was there when the crane arrived:

> The 1,300-ton crane made the final leg of its journey on a barge towed up the sound, and hundreds of residents lined the seawall to watch it pass beneath the Narrows bridge with about nine feet to spare.
>
> — [The Harbour Gazette](https://example.org/harbour-gazette/crane-arrives)

The port now employs about 640 people directly, and the longshore workers' union says its members worked about 15 percent more hours in the quarter than a year earlier. Carver said the port plans to hire 40 more people over the next year, mostly equipment operators and mechanics.

The growth has not come without friction. Residents of Port Alder's Shoreside neighborhood say truck traffic on Bay Road has grown noticeably, and the port has agreed to fund a study of a dedicated truck route.

"We like that the port is busy. We'd like it to be busy somewhere other than outside our kids' school," said Leticia Barros, who chairs the Shoreside neighborhood council.

The port expects the study to be finished by the end of next year. It also plans to electrify a second berth so that ships can plug in rather than running their diesel engines while docked.`,
  },
  {
    slug: 'old-town-bakery-closes-after-61-years',
    headline: 'Hessler’s Bakery will close after 61 years in Old Town',
    dek: 'The family says rising costs and the lack of a successor led to the decision; the last loaves will come out of the oven at the end of the month.',
    section: 'business',
    tags: ['small-business'],
    authors: ['tomas-lindqvist'],
    daysAgo: 10.6,
    readNext: 'downtown-storefront-vacancy-falls',
    commentPrompt: 'What is your memory of Hessler’s? Share it with us.',
    image: {
      alt: 'Abstract illustration of a bakery shopfront with a striped awning',
      caption: 'Hessler’s has occupied the corner of Chandler Lane and Second Street since 1963.',
      credit,
      palette: ['#7f4f24', '#ffe8d6'],
    },
    body: `Hessler's Bakery, the Old Town shop known for its rye bread, cardamom buns and the line that stretches down Chandler Lane on holiday mornings, will close at the end of the month after 61 years.

Walter Hessler, 72, who took over the bakery from his parents in 1985, said he and his wife, Ilse, had decided it was time to retire. Neither of their two children wanted to take over the business, and efforts to find a buyer over the past two years did not succeed.

"We had some interest, but everyone wanted the name and the recipes without the 3 a.m. start," Hessler said, standing behind a counter lined with the last of the morning's pretzels. "I understand. I would not wish that alarm clock on anyone."

> [!pullquote]
> "People think a bakery sells bread. It sells the same Saturday morning, every Saturday, for sixty years."

Hessler said costs had also played a part. The price of flour and butter has risen sharply in recent years, and the bakery's electricity bill for its ovens has nearly doubled. He said he had raised prices more in the past three years than in the previous twenty.

Customers have been stopping by all week to say goodbye. Marta Oyelowo, who has bought a rye loaf every Saturday since she moved to Old Town in the 1990s, said she had cried when she saw the sign in the window. "People think a bakery sells bread," she said. "It sells the same Saturday morning, every Saturday, for sixty years."

The Hesslers own the building and said they have not decided what to do with the ground-floor space. Hessler said he would prefer to lease it to another food business.

The recipes are not for sale, he said, but they are not going away either. "My granddaughter has them," he said. "She's nineteen. We'll see."

**Hessler's will be open its regular hours until the last day of the month, or until the flour runs out.**`,
    comments: [
      {
        author: 'Dana from Eastbank',
        body: 'My dad took me there every Sunday for a cinnamon roll. I took my own kids there last month. Thank you, Hessler family.',
        minutesAfter: 40,
      },
      {
        author: 'Teodor V.',
        body: 'End of an era. I hope whoever takes the space keeps the old tile floor.',
        minutesAfter: 115,
      },
      {
        author: 'hungry_in_old_town',
        body: 'Sad but completely understandable. Sixty-one years of 3 a.m. starts is more than anyone could ask.',
        minutesAfter: 190,
        replies: [
          {
            author: 'Marta O.',
            body: 'Exactly. We should be thanking them, not asking them to stay. Still going to miss that rye.',
            minutesAfter: 255,
          },
        ],
      },
    ],
  },
  {
    slug: 'housing-starts-slow-loan-rates',
    headline: 'Housing starts in the valley slow as construction loans get costlier',
    dek: 'Builders broke ground on 31 percent fewer homes in the first half of the year, even as demand stays strong.',
    section: 'business',
    tags: ['housing'],
    authors: ['tomas-lindqvist'],
    daysAgo: 13.8,
    body: `Builders in Meridian County started construction on 31 percent fewer homes in the first half of the year than in the same period last year, according to permit data compiled by the Ledger, as higher interest rates on construction loans made many projects too expensive to begin.

The county issued permits for 612 new homes in the six months, down from 887. The drop was steepest for apartment buildings, where permits fell by almost half. Permits for single-family homes fell by about 12 percent.

Developers said the main problem was financing. Most construction is paid for with short-term loans that are repaid when the building is finished and sold or refinanced. The interest rates on those loans have roughly doubled in three years.

"A project that made sense at 5 percent doesn't pencil at 9," said Lucia Fontaine, whose firm builds mid-size apartment buildings in Meridian and Port Alder. "We have two buildings fully designed and permitted, and we're waiting. Every month we wait, the construction costs go up too."

The slowdown comes as the valley's population continues to grow. The county gained about 3,400 residents last year, according to state estimates, and rental vacancy in Meridian remains below 3 percent.

Economists said the pause could mean tighter housing and higher rents in two to three years, when the homes that would have been built now would have come on the market.

"Housing construction takes time," said Dr. Aurelio Santos, who studies regional housing markets at Meridian State College. "What we don't start this year is what we don't have in three years."

Some builders are looking to public programs to fill the gap. The state housing finance agency has a low-interest construction loan program for projects that set aside a share of units at below-market rents, and applications this year were three times the available funding, the agency said.`,
  },
  {
    slug: 'market-hall-rooftop-farmers-market',
    headline: 'Meridian Market Hall wins approval for year-round rooftop farmers’ market',
    dek: 'The covered roof deck will give about 30 growers a place to sell every week, regardless of the weather.',
    section: 'business',
    tags: ['small-business', 'agriculture'],
    authors: ['tomas-lindqvist'],
    daysAgo: 17.5,
    image: {
      alt: 'Abstract illustration of market stalls under a canopy on a rooftop',
      caption: 'The roof deck will be covered by a steel-and-glass canopy with open sides.',
      credit,
      palette: ['#588157', '#fefae0'],
    },
    body: `The Meridian Market Hall on Canal Street has won city approval to build a covered market on its roof, giving about 30 farmers and food producers a permanent place to sell every week of the year.

The $3.8 million project will add a steel-and-glass canopy over the hall's flat roof, two freight elevators and public restrooms. The market hall's nonprofit operator says it expects the rooftop market to open in about a year.

The valley's existing farmers' markets are held outdoors and close for about four months each year. Growers have long said that makes it hard to build a year-round customer base.

"If people can only buy from you half the year, they get into the habit of buying from the grocery store," said Wren Adair, who grows greens and mushrooms on a small farm outside Fenwick and sits on the market hall's board. "A roof lets us keep them."

The market hall, a former textile warehouse, currently houses 26 food vendors on its ground floor. The rooftop market would operate on weekends, with space reserved for growers within 60 miles.

Vendors on the ground floor said they welcomed the idea, though some worried about construction disruption. Sven Barrow, who runs a cheese counter, said the hall had promised to do most of the noisy work outside business hours. "If it brings more people through the building, we all benefit," he said.

About half the cost will come from a state agriculture grant, with the rest from private donations and a loan from a community development fund.`,
  },
  {
    slug: 'orchards-turn-to-agritourism',
    headline: 'Fenwick orchards turn to cider tastings and pick-your-own as export prices dip',
    dek: 'Several family farms say visitors now bring in more money per acre than the fruit they ship overseas.',
    section: 'business',
    tags: ['agriculture', 'small-business'],
    authors: ['tomas-lindqvist', 'priya-raman'],
    daysAgo: 21.9,
    image: {
      alt: 'Abstract illustration of rows of apple trees beneath rolling hills',
      caption: 'The valley has about 4,200 acres of orchards, most of them around Fenwick.',
      credit,
      palette: ['#6a994e', '#f2e8cf'],
    },
    body: `For three generations, the Lindgren family sold nearly every apple from its Fenwick orchard to a packing house that shipped them to Asia. This year, about a quarter of the harvest never left the farm: it was picked by visitors, pressed into cider on site or sold at the farm stand.

"Export prices have been flat for five years while our costs went up every year," said Nora Lindgren, who runs the 140-acre orchard with her brother. "We had to find a way to get more out of every tree."

The Lindgrens are not alone. At least nine orchards around Fenwick have added some form of agritourism in the past three years, according to the Fenwick Growers Association, from pick-your-own weekends and cider tastings to small wedding venues in converted barns.

The numbers can be striking. Lindgren estimates that fruit sold through the farm stand and pick-your-own earns about four times as much per pound as fruit sold for export, though it requires far more labor and marketing.

Not every farm can make the switch. Orchards far from paved roads, or without space for parking, have a harder time attracting visitors. And some growers worry that the valley's countryside will be crowded with competing attractions.

"There's a limit to how many cider barns one county can support," said Emil Haugen, the association's president. "Export will stay the backbone of this industry. Agritourism is a good second leg, not a replacement."

The county has also had to adapt. Its zoning rules did not anticipate farms selling food and drink to the public, and the planning department has issued more than a dozen special-use permits in two years. A proposed ordinance would create a simpler permit for farms that host visitors on fewer than 60 days a year.

For the Lindgrens, the change has brought something besides money. "For years, nobody who ate our apples ever saw where they came from," Nora Lindgren said. "Now kids come out here and climb a ladder and pick one themselves. That's worth something too."`,
  },
  {
    slug: 'cannery-food-incubator',
    headline: 'Old Port Alder cannery to reopen as a shared kitchen for food start-ups',
    dek: 'A nonprofit will lease commercial kitchen space by the hour to small producers who can’t afford their own.',
    section: 'business',
    tags: ['small-business', 'waterfront'],
    authors: ['tomas-lindqvist'],
    daysAgo: 25.4,
    body: `The former Northstar cannery on Port Alder's waterfront, closed since 2011, will reopen next year as a shared commercial kitchen for small food businesses, the nonprofit that bought the building said.

The Tideline Kitchen Collective will rent kitchen space, cold storage and packaging equipment by the hour to caterers, bakers, hot sauce makers and other producers who need a licensed kitchen but cannot afford to build one.

"The biggest barrier for a new food business isn't the recipe. It's the $200,000 kitchen you need before you can sell a single jar legally," said Yolanda Brightwater, the collective's director.

The group has raised $2.6 million of the $3.4 million needed to renovate the building. It expects to serve about 40 businesses in its first year, and has already received more than 70 inquiries.

Several former cannery workers attended the announcement. "It's good to see the lights on in there again," said Ernesto Villa, who worked on the cannery's packing line for 22 years.`,
  },
  {
    slug: 'hospital-system-largest-employer',
    headline: 'Valley Health is now the region’s largest employer, overtaking the port',
    dek: 'The hospital system’s workforce has grown by 1,100 in five years, driven by an aging population and new outpatient clinics.',
    section: 'business',
    tags: ['public-health'],
    authors: ['tomas-lindqvist', 'felix-brandt'],
    daysAgo: 28.6,
    image: {
      alt: 'Abstract illustration of a cross shape formed by overlapping building blocks',
      caption: 'Valley Health employs about 5,300 people across two hospitals and 17 clinics.',
      credit,
      palette: ['#005f73', '#e9d8a6'],
    },
    body: `Valley Health, which runs Meridian General Hospital and a network of clinics across the valley, has become the region's largest employer, according to new state labor figures, overtaking the combined port and shipping businesses of Port Alder.

The health system employs about 5,300 people, up from about 4,200 five years ago. The port and its directly related businesses employ about 4,900.

The growth reflects a broader shift in the valley's economy. Health care now accounts for about one in seven jobs in Meridian County, compared with one in ten a decade ago, according to a Ledger analysis of state employment data. Manufacturing's share has fallen over the same period.

"The valley is getting older, and older people need more care. That's the simplest explanation," said Valley Health's chief executive, Dr. Oluwaseun Adebayo. "But we've also made a deliberate choice to put clinics in neighborhoods, so people don't have to come to the hospital for everything."

Valley Health has opened six outpatient clinics in five years, including ones in Cedar Flats, Fenwick and Gull Island.

The jobs vary widely in pay. About a third of the system's workers are nurses, physicians and other licensed clinicians, with median pay above the county average. Another third work in support roles such as food service, housekeeping and patient transport, where median pay is below it.

Economists said the shift makes the valley's economy more stable in some ways, since health care is less affected by economic downturns than shipping or manufacturing. But it also ties the region's fortunes more closely to public health insurance programs, which pay for a large share of hospital care.

"When one employer gets this big, its decisions ripple through everything: housing, traffic, even the schools," said Margarethe Quill, an economist at Meridian State College.

Valley Health said it expects to add another 400 jobs over the next two years, mostly in nursing and behavioral health.`,
  },
  {
    slug: 'downtown-storefront-vacancy-falls',
    headline: 'Downtown Meridian storefront vacancy falls below 10 percent',
    dek: 'New restaurants, service businesses and a pop-up program for first-time retailers have filled spaces left empty for years.',
    section: 'business',
    tags: ['small-business'],
    authors: ['tomas-lindqvist'],
    daysAgo: 32.4,
    body: `The share of empty ground-floor storefronts in downtown Meridian has fallen to 9.6 percent, the lowest since the downtown business district began counting a decade ago, according to its annual survey.

At its peak four years ago, the vacancy rate reached 21 percent. The district counted 312 storefronts in this year's survey, of which 30 were empty.

**More than half of the businesses that opened downtown in the past year are restaurants, cafés, salons, fitness studios or medical offices, rather than traditional shops.**

"People will buy socks online. They won't get a haircut online," said Deborah Antwi, executive director of the Downtown Meridian Partnership. "The businesses that are opening are ones where you have to be there in person."

The partnership also credits a program that offers first-time retailers six months of free rent in vacant storefronts, paid for by property owners and a city grant. Of the 19 businesses that have gone through the program, 12 have signed regular leases.

One of them is Aldous & Finch, a used bookstore on Fourth Avenue. Owner Priscilla Aldous started with a pop-up in a former phone store. "I would never have risked a five-year lease on a bookstore with no track record," she said. "Six months let me prove to myself, and to the landlord, that it worked."

Not every block has recovered equally. Vacancy on the eastern end of Canal Street remains above 20 percent, and several property owners there have held spaces empty for years while waiting for higher rents.

The city council is considering a proposal to charge a fee on storefronts left vacant for more than a year, an idea that has drawn opposition from some property owners.`,
  },
  {
    slug: 'cedar-flats-credit-union-branch',
    headline: 'Cedar Flats gets its first bank branch in 15 years',
    dek: 'A local credit union opened the branch after residents organized to bring basic banking back to the neighborhood.',
    section: 'business',
    tags: ['small-business', 'housing'],
    authors: ['tomas-lindqvist'],
    daysAgo: 36.7,
    body: `For 15 years, residents of Cedar Flats who wanted to deposit a check, open an account or talk to a loan officer had to take a bus across the river. This week, that changed, as Lisle Valley Credit Union opened a full-service branch on Birch Street.

The neighborhood of about 14,000 people lost its last bank branch when a national bank closed its Birch Street office. Since then, residents have relied on check-cashing stores, which charge fees of up to 3 percent, and on ATMs that many said were often out of service.

"When you have to pay five dollars to cash your paycheck, that's a tax on being poor," said Evangeline Mbaye, who led a neighborhood campaign to bring a branch back. "It adds up to hundreds of dollars a year for families who can least afford it."

The campaign, organized through the Cedar Flats Neighborhood Council, collected pledges from more than 1,200 residents who promised to open accounts if a bank or credit union came to the neighborhood. Lisle Valley Credit Union agreed after the city offered a reduced rent on a city-owned former pharmacy building.

The branch offers free checking accounts with no minimum balance, small-dollar loans as an alternative to payday lending, and staff who speak Spanish, Somali and Vietnamese.

"Honestly, the pledges made the decision easy," said Cyrus Nkemelu, the credit union's chief executive. "We knew on day one that we'd have customers."

The credit union also plans to offer a first-time homebuyer class at the branch, in partnership with a local housing nonprofit. Mbaye said that was what she was most excited about. "A bank account is the first step," she said. "Owning a home is the one after that."`,
  },
  {
    slug: 'shipyard-electric-ferries-contract',
    headline: 'Port Alder shipyard wins contract to build two electric ferries',
    dek: 'The $96 million order from the state ferry system is the largest in the yard’s history and could add 200 jobs.',
    section: 'business',
    tags: ['waterfront', 'energy', 'transport'],
    authors: ['tomas-lindqvist'],
    daysAgo: 41.3,
    readNext: 'port-alder-ferry-cuts-crew-shortage',
    commentPrompt: 'Would an electric ferry change how you feel about the Gull Island crossing?',
    image: {
      alt: 'Abstract illustration of a ferry hull under construction beside a charging mast',
      caption: 'The first ferry is scheduled for delivery in about three years.',
      credit,
      palette: ['#184e77', '#d9ed92'],
    },
    body: `Harbormaster Marine, the shipyard on Port Alder's south shore, has won a $96 million contract to build two battery-electric passenger ferries for the state ferry system, the largest order in the yard's 74-year history.

The 150-passenger vessels will serve the Port Alder–Gull Island route and a second route across the sound. Each will carry enough battery capacity for a round trip, recharging in about 12 minutes at each terminal.

"For a yard our size, this is a once-in-a-generation order," said Ingrid Vaale, Harbormaster's president. "We've built fishing boats, tugs and barges for decades. Now we get to show we can build the next generation of ferries too."

The shipyard currently employs about 260 people. Vaale said it expects to hire up to 200 more over the next two years, including welders, electricians and marine engineers, and will work with the Port Alder community college on a training program.

The state chose Harbormaster over two larger yards in other states, in part because of a rule giving preference to in-state builders when bids are within 5 percent of each other.

The ferries are expected to cut the route's fuel costs by about 80 percent and its carbon emissions by more than 90 percent, according to the state ferry system. Charging equipment at both terminals will cost an additional $18 million, paid for by a federal grant.

Riders' groups welcomed the news but said they hoped new boats would not distract from the route's immediate staffing problems. "A new ferry is wonderful," said Gull Island resident Henrietta Wolcott. "A ferry with a crew on it is better."

The first boat is scheduled for delivery in about three years.`,
    comments: [
      {
        author: 'Port Alder welder',
        body: 'Great news for the yard. My father worked there for 30 years and there were years when we thought it would close.',
        minutesAfter: 95,
      },
      {
        author: 'islander_jo',
        body: 'Henrietta is right. I will believe in electric ferries when I can reliably get on any ferry at all.',
        minutesAfter: 210,
        replies: [
          {
            author: 'K. Sørensen',
            body: 'Both things can be true. The new boats are years away, and the crew problem needs fixing now. One does not stop the other.',
            minutesAfter: 275,
          },
        ],
      },
    ],
  },
];
