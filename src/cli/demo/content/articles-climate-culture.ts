import type { DemoArticle } from '../types.js';

const credit = 'Illustration: The Meridian Ledger';

export const articlesClimateCulture: DemoArticle[] = [
  // Climate
  {
    slug: 'lisle-river-highest-level-in-a-decade',
    headline: 'Lisle River reaches its highest level in a decade; Millpond residents told to prepare',
    dek: 'Forecasters expect the river to crest just below flood stage, but low-lying streets could see water in basements and yards.',
    section: 'climate',
    tags: ['river', 'weather'],
    authors: ['priya-raman'],
    daysAgo: 1.8,
    readNext: 'water-bond-special-election-registration',
    commentPrompt: 'Are you seeing high water near you? Tell us where, and stay safe.',
    image: {
      alt: 'Abstract illustration of a swollen river curving between low houses',
      caption: 'The Lisle River at the Fourth Avenue gauge, where the river is measured for flood warnings.',
      credit,
      palette: ['#03045e', '#90e0ef'],
    },
    body: `The Lisle River rose to 17.4 feet at the Fourth Avenue gauge in Meridian, its highest level in ten years, after four days of steady rain across the upper valley, and forecasters say it has not yet peaked.

The regional weather service expects the river to crest at about 18.6 feet late in the week. Flood stage at the gauge is 19 feet.

"We are expecting a near miss, not a flood," said hydrologist Bram Okonjo of the regional weather service office in Halden. "But a near miss on the Lisle still means water in yards and basements in the lowest parts of Millpond and along River Road."

![Abstract illustration of a swollen river curving between low houses](/media/demo/lisle-river-highest-level-in-a-decade.svg "The river is expected to crest just below flood stage. | Illustration: The Meridian Ledger")

The city's emergency management office has opened a sandbag station at the Millpond Park maintenance yard and is asking residents of about 240 homes in the Millpond and River Road areas to move valuables out of basements and to have a plan to leave if conditions worsen.

"If you've lived in Millpond for a while, you know the drill," said emergency manager Greer Kovač. "If you're new, please take this seriously. The river doesn't care how long you've lived here."

The rain has also raised concern about the aging levee along the river's east bank, which the Army Corps of Engineers rated as "minimally acceptable" in its last inspection. City crews are walking the levee twice a day looking for seepage.

**Residents can check river levels and forecasts on the weather service website and sign up for the county's emergency text alerts.**

Upstream, the river has already spilled into farm fields around Fenwick, and two county roads have been closed. Downstream in Port Alder, officials say the harbor can absorb the extra water but have warned boaters about floating debris.

The rain comes about a month after the state declared a drought emergency in the upper valley. Okonjo said a single wet spell would refill the reservoirs only partly. "One storm doesn't end a drought," he said. "It just changes what we're worried about this week."

River levels are expected to fall slowly over the weekend if the forecast for drier weather holds.`,
    comments: [
      {
        author: 'millpond_mike',
        body: 'Sandbag station at the park is well organized. Volunteers were helping load cars when I went. Bring gloves.',
        minutesAfter: 150,
      },
      {
        author: 'River Road resident',
        body: 'Water is already over the path behind our house, about a foot from the back step. Same as ten years ago, and we were fine then. Fingers crossed.',
        minutesAfter: 390,
        replies: [
          {
            author: 'Hal & Rosa from Millpond',
            body: 'We are two doors down from you, probably. Knock if you need a hand moving things. We have a pump.',
            minutesAfter: 430,
          },
        ],
      },
      {
        author: 'Bea, Northgate',
        body: 'Thank you for explaining the difference between flood stage and the forecast crest. Most of the alerts on my phone just say FLOOD WARNING and nothing else.',
        minutesAfter: 880,
      },
    ],
  },
  {
    slug: 'heat-pump-rebate-runs-out',
    headline: 'Valley’s heat-pump rebate program runs out of money in three weeks',
    dek: 'A $4 million fund meant to last a year was spent almost immediately, leaving hundreds of homeowners on a waitlist.',
    section: 'climate',
    tags: ['energy', 'housing'],
    authors: ['priya-raman'],
    daysAgo: 8.9,
    commentPrompt: 'Did you apply for a heat-pump rebate? Tell us how the process went.',
    image: {
      alt: 'Abstract illustration of a house with curved arrows of warm and cool air',
      caption: 'Rebates covered up to $4,000 of the cost of replacing a gas or oil furnace.',
      credit,
      palette: ['#d62828', '#003049'],
    },
    body: `A rebate program for homeowners who replace gas or oil furnaces with electric heat pumps ran out of money in about three weeks, the Lisle Valley Power Cooperative said, after demand far exceeded what the utility had expected.

The cooperative had set aside $4 million, enough for about 1,000 rebates of up to $4,000 each, and planned for it to last a full year. By the time the program closed, it had received nearly 1,600 applications. About 570 people are now on a waitlist.

"We knew people were interested. We did not know they were this interested," said Dagny Eriksen, who manages the cooperative's efficiency programs. "That's a good problem to have, but it's still a problem."

Heat pumps, which move heat rather than generate it by burning fuel, can heat and cool a home using considerably less energy than a furnace and an air conditioner. But they cost more up front, typically $12,000 to $20,000 installed in the valley, according to contractors.

Contractors said the rush had strained their schedules. "We went from quoting two or three jobs a week to twenty," said Teodoro Villanueva, who owns a heating and cooling company in Eastbank. "Now half those people are calling to ask whether they should wait."

The cooperative's board will consider adding $3 million to the fund at its next meeting, money that would come from a reserve set aside for grid upgrades. Some board members have asked whether rebates should be targeted to lower-income households, who made up less than a fifth of applicants.

"The people who applied first were mostly people who already had the cash and the time to research it," said board member Precious Adomako. "If we add money, I'd like to see some of it reach people who couldn't have done this otherwise."

Homeowners on the waitlist will keep their place if the program is refilled. The cooperative has asked anyone who already installed a heat pump expecting a rebate to contact its customer service line.`,
    comments: [
      {
        author: 'Westbank homeowner',
        body: 'Applied on day four and I am number 212 on the waitlist. I would have gone ahead anyway but the rebate was the difference between now and in two years.',
        minutesAfter: 70,
      },
      {
        author: 'Teo V.',
        body: 'Contractor here. Please do not sign with anyone who tells you the rebate is guaranteed. Read the waitlist terms first.',
        minutesAfter: 185,
      },
      {
        author: 'M. Abernathy',
        body: 'Agree with board member Adomako. Renters and lower-income owners pay into the co-op too. Income-based rebates should be the priority for round two.',
        minutesAfter: 360,
      },
    ],
  },
  {
    slug: 'salmon-return-cedar-creek',
    headline: 'Salmon return to Cedar Creek two years after culvert replacement',
    dek: 'Volunteers counted 63 spawning coho in a stretch of creek where none had been recorded in more than 40 years.',
    section: 'climate',
    tags: ['river', 'parks'],
    authors: ['priya-raman'],
    daysAgo: 15.3,
    readNext: 'lisle-river-highest-level-in-a-decade',
    image: {
      alt: 'Abstract illustration of fish shapes moving upstream beneath a round arch',
      caption: 'The new arch culvert under Orchard Road lets the creek run on its natural bed.',
      credit,
      palette: ['#386641', '#a7c957'],
    },
    body: `For the first time in more than four decades, coho salmon have been recorded spawning in the upper reaches of Cedar Creek, a tributary of the Lisle River that runs through Meridian's northern neighborhoods.

Volunteers with the Cedar Creek Watershed Council counted 63 spawning adults over six weeks, upstream of Orchard Road, where the county replaced a narrow concrete pipe with a wide, open-bottomed arch two years ago.

"The first time we saw one, nobody said anything for about a minute," said Jun Watanabe, a retired schoolteacher who has led the volunteer counts for a decade. "We'd been walking that creek for years and seeing nothing above the road. Then, there she was."

![Abstract illustration of fish shapes moving upstream beneath a round arch](/media/demo/salmon-return-cedar-creek.svg "Coho can now swim upstream beneath Orchard Road for the first time in decades. | Illustration: The Meridian Ledger")

The old culvert, installed in the 1960s, was too steep and too fast for salmon to swim through. It effectively cut off about three miles of spawning habitat. The replacement, which cost $2.9 million, was paid for mostly by a state grant for fish passage.

> [!pullquote]
> "We didn't put a single fish in that creek. We just got out of their way."

Biologists caution that one good year does not make a recovery. Coho populations in the Lisle basin vary widely from year to year with ocean conditions, and the returning fish may have strayed from nearby streams.

"We didn't put a single fish in that creek. We just got out of their way," said Dr. Rhiannon Pryce, a fisheries biologist with the state wildlife department. "The real test is whether the offspring of these fish come back in three years."

The county has identified 41 more culverts in the Lisle basin that partly or fully block fish. Replacing them all would cost an estimated $90 million. The county plans to replace four in the next two years.

The watershed council is looking for volunteers for next season's counts. No experience is needed, Watanabe said, just waterproof boots and patience.`,
  },
  {
    slug: 'brackenridge-wildfire-plan',
    headline: 'County adopts wildfire plan for Brackenridge hills, with new brush-clearing rules',
    dek: 'Homeowners in high-risk areas will be required to clear vegetation near their houses; the county will help pay for those who can’t afford it.',
    section: 'climate',
    tags: ['weather', 'parks'],
    authors: ['priya-raman'],
    daysAgo: 22.7,
    image: {
      alt: 'Abstract illustration of dry hills with a line of orange along the ridge',
      caption: 'About 3,800 homes in the Brackenridge hills are in the county’s highest wildfire-risk zone.',
      credit,
      palette: ['#9a031e', '#fb8b24'],
    },
    body: `Meridian County's board of supervisors unanimously adopted a wildfire protection plan for the Brackenridge hills, including new rules requiring homeowners in the highest-risk areas to clear flammable vegetation within 30 feet of their houses.

The plan covers about 3,800 homes on the wooded slopes east of Meridian, where the county says fire risk has grown as summers have become hotter and drier and more people have built homes among the trees.

"We've been lucky in Brackenridge. The fires have always stopped short," said county fire marshal Ezekiel Drummond. "Luck is not a plan."

Under the new rules, homeowners will have to remove dead vegetation, keep grass short and trim tree branches away from roofs within 30 feet of a house, and clear dry brush within 100 feet. The county will begin inspections in two years and can issue fines for repeat violations, though Drummond said the goal was compliance, not penalties.

The county will offer grants of up to $2,500 to homeowners who earn less than the county median income, and will run free chipper days where residents can bring cut branches.

Some residents said the rules were overdue. Others worried about cost and about losing the trees that drew them to the hills. "I moved here for the forest," said Philippa Arkwright, who lives on Ridge Crest Road. "Now I'm being told the forest is the problem."

Drummond said most of the work involves dead material and low branches rather than large trees. "This isn't about clear-cutting anybody's yard," he said. "It's about giving firefighters a place to stand."

The plan also calls for a second evacuation route out of the Hollow Pines subdivision, which has only one road in and out, and for new water tanks at three locations along the ridge.`,
  },
  {
    slug: 'drought-designation-fenwick-farmers',
    headline: 'What the drought designation means for Fenwick farmers',
    dek: 'The state’s declaration opens the door to emergency loans and water transfers, but growers say it comes late in a hard year.',
    section: 'climate',
    tags: ['agriculture', 'weather', 'river'],
    authors: ['priya-raman'],
    daysAgo: 30.2,
    body: `The state agriculture department has declared a drought emergency in the upper Meridian valley, covering most of the farmland around Fenwick and the headwaters of the Lisle River. Here is what the designation does, and what it doesn't.

# Why now

Rainfall in the upper valley over the past 12 months was about 62 percent of normal, and the snowpack in the hills that feeds the Lisle melted out several weeks early. Flows in the river at Fenwick dropped below the level that triggers cuts to irrigation permits.

"The river looks fine from the bridge in Meridian, because the reservoirs are releasing water," said state climatologist Dr. Wendeline Haas. "Up at Fenwick, where farms draw directly from the river, it's a different picture."

# What farmers get

The designation makes farmers in the area eligible for low-interest emergency loans from state and federal programs and lets the state speed up temporary water transfers, in which one water-rights holder can lease water to another. It also allows livestock producers to graze on some state land normally closed to grazing.

The Fenwick Weekly Post described the mood at a meeting of growers held at the Grange hall:

> Farmers who filled the hall said they welcomed the declaration but that it came too late to save crops they had already chosen not to plant. Several said they had left a third or more of their fields fallow this year for lack of water.
>
> — [Fenwick Weekly Post](https://example.com/fenwick-weekly-post/grange-drought-meeting)

# What it doesn't do

The declaration does not create more water. Irrigation cuts based on water-rights seniority will remain in place, meaning farms with newer rights will continue to get less. It also does not directly pay for lost crops; that depends on federal disaster programs and crop insurance.

"A loan is help, but it's still debt," said Henrik Aalto, who grows hay and wheat on 600 acres north of Fenwick. "What we really need is a few good winters."

# What's next

State officials will review conditions monthly. The designation lasts until the state determines that water supplies have recovered, which climatologists say will require at least one wetter-than-average year.`,
  },
  {
    slug: 'tree-canopy-heat-survey',
    headline: 'Meridian’s hottest blocks are also its least shaded, survey finds',
    dek: 'A volunteer temperature survey found afternoon readings up to 11 degrees higher in neighborhoods with few trees.',
    section: 'climate',
    tags: ['parks', 'housing', 'public-health'],
    authors: ['priya-raman', 'felix-brandt'],
    daysAgo: 39.4,
    image: {
      alt: 'Abstract illustration of a heat map with patches of green shade',
      caption: 'Volunteers drove fixed routes with car-mounted sensors at 6 a.m., 3 p.m. and 7 p.m.',
      credit,
      palette: ['#e85d04', '#2d6a4f'],
    },
    body: `On the hottest afternoon of the year, the air temperature on a treeless block of Cedar Flats was 11 degrees higher than on a shaded street in Millpond, about two miles away, according to a survey conducted by volunteers and analyzed by the Ledger.

About 60 volunteers drove fixed routes through every Meridian neighborhood with temperature sensors mounted on their cars, taking readings every second at three times of day. The project was organized by the city's sustainability office and Meridian State College.

The Ledger compared the readings with the city's tree canopy data and found a clear pattern: the blocks with the least tree cover were consistently the hottest, and those blocks were disproportionately in neighborhoods with lower household incomes.

Cedar Flats and parts of Northgate have tree canopy of about 12 percent. Millpond and the western part of Old Town have canopy above 40 percent.

"Heat is the deadliest kind of weather, and it's not distributed evenly," said Dr. Camille Dufresne, a public health researcher at the college who helped design the survey. "A few degrees can be the difference between an uncomfortable night and a trip to the emergency room, especially for older people living alone."

Residents of Cedar Flats said the findings matched their experience. "My apartment doesn't cool down until two in the morning," said Fernando Quintero, who lives on a block with no street trees. "We sit outside because inside is worse."

The city has pledged to plant 10,000 trees over the next decade, prioritizing neighborhoods with the lowest canopy. The parks department said it planted about 900 last year, about 60 percent of them in Cedar Flats, Northgate and Eastbank.

Trees take years to grow, though, and the city is also considering shorter-term measures, including extending cooling-center hours and lending air conditioners to elderly residents.`,
  },
  // Culture
  {
    slug: 'symphony-premieres-harbour-sounds',
    headline: 'Meridian Symphony premieres a piece built from the sounds of the harbor',
    dek: 'Composer Lior Abramsky spent a year recording foghorns, ferry engines and gulls. The result is a 24-minute work for orchestra and tape.',
    section: 'culture',
    tags: ['arts', 'waterfront'],
    authors: ['elena-marsh'],
    daysAgo: 0.9,
    readNext: 'cannery-workers-oral-history',
    commentPrompt: 'Were you at the premiere? Tell us what you heard.',
    image: {
      alt: 'Abstract illustration of sound waves rising from a harbor at dusk',
      caption: 'The piece opens with a recording of the Gull Island foghorn, slowed to a fraction of its speed.',
      credit,
      palette: ['#3d348b', '#f7b801'],
    },
    body: `The piece begins with a single, long, low note that most of the audience at the Meridian Civic Auditorium didn't realize was a recording until the strings began to play along with it. It was the Gull Island foghorn, slowed to a crawl, and it set the tone for one of the more unusual evenings in the Meridian Symphony's recent history.

"Harbour Hours," by the valley-born composer Lior Abramsky, had its premiere over the weekend in a program that also included works by Sibelius and Debussy. The 24-minute piece combines the full orchestra with recordings Abramsky made over a year on the Port Alder waterfront: ferry engines, gulls, the clank of container cranes, the call of a fish auctioneer.

"I grew up hearing these sounds through my bedroom window," Abramsky told the audience before the performance. "I wanted to find out what happens if you treat them as music instead of noise."

What happens, it turns out, is something surprisingly tender. In the central section, the orchestra builds a slow chorale around a recording of a ferry's engine idling at the dock, its rumble becoming a kind of bass line. Near the end, the brass imitate a crane's warning horn so closely that it is hard to tell where the recording stops and the players begin.

Not every passage lands. A middle section built around recorded gull calls felt more like a novelty than the rest of the piece, and drew a few nervous laughs.

But the audience response was warm and sustained, with a standing ovation that brought Abramsky to the stage twice. Music director Saoirse Delaney said the orchestra hoped to record the piece next season.

"Harbour Hours" will be performed again at the orchestra's free waterfront concert in Port Alder next month, where, for once, the real foghorn may join in.`,
    comments: [
      {
        author: 'cellist_in_the_back',
        body: 'Playing this was a real challenge; the tape does not wait for you. Thank you to everyone who came out.',
        minutesAfter: 140,
      },
      {
        author: 'Dorothea K.',
        body: 'I thought the gull section was the best part! Everyone around me was smiling. Sometimes a concert is allowed to be fun.',
        minutesAfter: 300,
        replies: [
          {
            author: 'Elena Marsh',
            body: 'That is a fair point, and plenty of people in the hall clearly agreed with you. Reasonable ears can differ.',
            minutesAfter: 420,
          },
        ],
      },
      {
        author: 'Port Alder native',
        body: 'Hearing the old fish auction call in a concert hall brought tears to my eyes. My grandfather worked that auction.',
        minutesAfter: 610,
      },
    ],
  },
  {
    slug: 'rialto-cinema-reprieve',
    headline: 'The Rialto, the valley’s last independent cinema, gets a reprieve',
    dek: 'A community fundraising drive raised $410,000 in six weeks, enough to replace the projector and buy time to negotiate a new lease.',
    section: 'culture',
    tags: ['arts', 'small-business'],
    authors: ['elena-marsh'],
    daysAgo: 4.1,
    commentPrompt: 'What film would you most like to see on the big screen at the Rialto?',
    image: {
      alt: 'Abstract illustration of a cinema marquee with blank letter slots',
      caption: 'The Rialto opened on Fourth Avenue in 1928 and has one 340-seat screen.',
      credit,
      palette: ['#780000', '#fdf0d5'],
    },
    body: `The Rialto, the single-screen cinema on Fourth Avenue that has shown films in Meridian since 1928, will stay open after a community fundraising campaign raised more than $410,000 in six weeks.

The theater's owners announced two months ago that it would close unless they could replace its failing digital projector and cover a rent increase. The campaign, organized by a group of regular patrons calling themselves the Friends of the Rialto, set a goal of $350,000.

"We thought we'd be lucky to get halfway," said Cordelia Nakamura, who chairs the group. "We had 2,800 donors. Some gave $5. One gave $50,000. A lot of people wrote notes about their first date here."

The money will pay for a new projector and sound system, and cover the increased rent for two years while the owners, Henryk and Milla Wozniak, negotiate a longer-term lease or a purchase of the building.

Henryk Wozniak said the theater would also use the reprieve to try new programming, including a monthly silent film night with live piano, a children's matinee series and screenings with local filmmakers.

"The lesson for us is that people don't just want to watch films. They want to watch them together," he said. "We need to give them more reasons to come."

The Rialto's fate has been watched closely by other arts venues in the valley, several of which are dealing with rising costs and smaller audiences. The Lantern Theatre in Old Town and the Port Alder Arts Center have both launched membership drives this year.

The theater will celebrate with a free screening on the first weekend after the new projector is installed. The film will be chosen by donors.`,
    comments: [
      {
        author: 'film_buff_fourth_ave',
        body: 'Donated $25 and would do it again. Please bring back the Thursday night classics series!',
        minutesAfter: 85,
      },
      {
        author: 'Nadia R.',
        body: 'Saw my first movie at the Rialto when I was six. Now my daughter is six. So glad she will get to do the same.',
        minutesAfter: 230,
      },
      {
        author: 'skeptical_in_stillwater',
        body: 'Good news, but two years goes by fast. What happens if the lease talks fail?',
        minutesAfter: 505,
        replies: [
          {
            author: 'Cordelia N.',
            body: 'A fair question. Part of the money is set aside for a feasibility study on buying the building, so we are planning for that now rather than in two years.',
            minutesAfter: 690,
          },
        ],
      },
    ],
  },
  {
    slug: 'review-the-tidewater-year',
    headline: 'Review: “The Tidewater Year” gives the Lantern Theatre its best show in seasons',
    dek: 'A new play about three generations of a fishing family is funny, unhurried and quietly devastating.',
    section: 'culture',
    tags: ['arts'],
    authors: ['elena-marsh'],
    daysAgo: 9.4,
    image: {
      alt: 'Abstract illustration of a kitchen table beside a window onto the sea',
      caption: 'The play is set entirely in the kitchen of a house in Port Alder.',
      credit,
      palette: ['#2b2d42', '#edf2f4'],
    },
    body: `There is a moment in the second act of "The Tidewater Year," the new play at the Lantern Theatre, when the family matriarch, Agnes, sets the table for four and then, remembering, takes one plate away. She doesn't say anything. Nobody on stage says anything. In the small house on Old Town's Tanner Street, you could hear the audience hold its breath.

It is that kind of play: patient, funny, and built on gestures more than speeches. Written by Port Alder playwright Maeve Donnelly and directed by the Lantern's artistic director, Rafael Kincaid, it follows three generations of a fishing family over the course of a single year after the father's boat is sold.

Bernadette Collins, a fixture of valley stages for three decades, plays Agnes with a dry wit that makes her rare moments of grief all the more affecting. As her granddaughter Lena, who wants to leave for the city and feels guilty for wanting it, newcomer Imani Fitzroy is a real discovery.

Donnelly has an ear for the way families talk around the things that matter. An argument about whether to sell the house is conducted entirely through a discussion of whether the back porch needs painting. It is both very funny and exactly right.

The production is simple: one kitchen, one window looking out on a painted sea that changes color with the seasons. Lighting designer Thuy Pham does beautiful, subtle work, marking the passage of months with little more than the angle of the light through the window.

If the play has a weakness, it is a subplot involving a developer's offer for the family's dock, which feels imported from a more conventional drama. But it is a small blemish on a generous, moving evening.

"The Tidewater Year" runs through the end of next month at the Lantern Theatre, 18 Tanner Street. Running time is about two hours and ten minutes, with one intermission.`,
  },
  {
    slug: 'bookmobile-returns-to-rural-routes',
    headline: 'Bookmobile returns to the valley’s rural roads after a nine-year absence',
    dek: 'The county library’s new van stops at farms, trailheads and the Fenwick Grange, and it brings Wi-Fi with it.',
    section: 'culture',
    tags: ['libraries', 'agriculture', 'schools'],
    authors: ['elena-marsh', 'ruth-castellanos'],
    daysAgo: 18.8,
    body: `For the first time in nine years, a bookmobile is making the rounds of the valley's rural roads. The Meridian County Library's new van, painted in the deep green of the old one, made its first stop at the Fenwick Grange hall, where a line had formed before it arrived.

The van carries about 3,000 books, audiobooks and films, as well as laptops that can be borrowed and a satellite internet connection that turns each stop into a Wi-Fi hotspot for a few hours.

"A lot of people out here don't have reliable internet at home, so the hotspot is almost as important as the books," said Clementine Ashby, the librarian who drives the van. "I've already helped two people renew their driver's licenses online."

The county's previous bookmobile was retired in a round of budget cuts, and rural residents have since had to drive up to 40 minutes to reach a branch. The new van, which cost $310,000, was paid for by a state library grant and a bequest from a retired Fenwick schoolteacher.

It will follow a two-week loop with 22 stops, including farm stands, the Brackenridge trailhead, the Gull Island ferry terminal and three rural schools. It will also visit the migrant farmworker housing near Fenwick during the harvest, with books in Spanish and a selection of English-learning materials.

At the Grange, 8-year-old Silas Underhill left with a stack of dinosaur books nearly as tall as his forearm. His grandmother, Winifred, said she remembered the old bookmobile from her own childhood. "It was the most exciting thing that happened on a Tuesday," she said. "Looks like it still is."`,
  },
  {
    slug: 'eastbank-mural-festival',
    headline: 'Mural festival brings 14 new walls to Eastbank',
    dek: 'Local and visiting artists painted for ten days along Mercer Avenue. Not every business owner was thrilled at first.',
    section: 'culture',
    tags: ['arts', 'parks'],
    authors: ['elena-marsh'],
    daysAgo: 26.2,
    image: {
      alt: 'Abstract illustration of a brick wall covered in bright interlocking shapes',
      caption: 'The largest mural covers the four-story side wall of the former Eastbank telephone exchange.',
      credit,
      palette: ['#ef476f', '#118ab2'],
    },
    body: `Eastbank looks different this week. Over ten days, 14 artists painted murals on walls along Mercer Avenue and the streets around Eastbank Park, in the neighborhood's first mural festival.

The largest work, by Meridian artist Obiageli Nwosu, covers the four-story side wall of the former telephone exchange with a swirl of river-blue and marigold figures she says represent the neighborhood's many waves of newcomers. The smallest is a painted doorway on the side of a laundromat, complete with a cat on the step.

"I wanted people to walk past and feel like the wall was looking back at them," Nwosu said from the top of a lift, her sleeves spattered with paint.

The festival was organized by the Eastbank Business Association and paid for by a mix of city arts grants and sponsorships. Building owners volunteered their walls and had final approval of the designs.

Not everyone was enthusiastic at first. Barnaby Quaye, who owns a tire shop on Mercer Avenue, said he had initially turned the organizers down. "I thought it would be graffiti," he said. Then he saw the sketch for his wall, a vintage tow truck surrounded by wildflowers. "Now people stop to take pictures in front of my shop. I can't complain about that."

The Northgate Courier, which has covered a similar festival in its own neighborhood for several years, noted what tends to follow:

> In the three years since the first murals went up on Juniper Street, foot traffic on the block has grown noticeably, two new cafés have opened, and the annual festival has become one of the neighborhood's busiest weekends.
>
> — [The Northgate Courier](https://example.org/northgate-courier/murals-three-years-on)

Organizers have printed a walking map of all 14 murals, available at businesses along Mercer Avenue and on the association's website. Free guided walks with the artists will run on weekend mornings through the end of the month.`,
  },
  {
    slug: 'folk-festival-moves-to-millpond-park',
    headline: 'Valley Folk Festival moves to Millpond Park after 30 years at the fairgrounds',
    dek: 'Organizers say the new site is easier to reach by bus and bike; some longtime fans will miss the old barns.',
    section: 'culture',
    tags: ['arts', 'parks'],
    authors: ['elena-marsh'],
    daysAgo: 34.6,
    body: `The Valley Folk Festival, which has filled the county fairgrounds outside Fenwick with fiddles, banjos and camping tents every year for three decades, will move to Millpond Park in Meridian next year, organizers announced.

The festival's board said the move was prompted by rising costs at the fairgrounds and by a desire to make the festival easier to reach for people without cars. Millpond Park is served by two bus routes and sits along the river bike path.

"We love the fairgrounds. Some of our best memories are in those barns," said festival director Agatha Mwangi. "But we kept hearing from young people and families who couldn't get out there. We want the festival to belong to the whole valley."

The new site will have three stages: a main stage on the park's great lawn, a smaller acoustic stage in the bandshell and a family stage by the pond. Camping, a beloved part of the old festival, will not be possible in the park, but organizers are working with Meridian State College to offer low-cost dormitory beds.

Reaction from longtime attendees has been mixed. "The late-night jams in the campground were the heart of it," said Cornelius Fairweather, who has attended every festival since the first. "You can't replace that with a dorm room."

Others welcomed the change. "I'm 74, and the drive home from Fenwick at midnight was getting hard," said Lavinia Cho. "Now I can take the bus."

The festival usually draws about 9,000 people over three days. The city's parks department said it was working with organizers on plans for noise, crowds and protecting the park's lawns.

Tickets will go on sale in the new year. Organizers said prices would stay the same, and children under 12 would still get in free.`,
  },
  {
    slug: 'cannery-workers-oral-history',
    headline: 'Oral history project records the memories of Port Alder’s cannery workers',
    dek: 'Over two years, volunteers recorded 86 interviews with people who worked the packing lines. The recordings are now in the library’s collection.',
    section: 'culture',
    tags: ['libraries', 'waterfront', 'arts'],
    authors: ['elena-marsh', 'ruth-castellanos'],
    daysAgo: 37.8,
    image: {
      alt: 'Abstract illustration of a reel-to-reel tape recorder beside cans on a conveyor',
      caption: 'Interviews were recorded in kitchens, church halls and the Port Alder senior center.',
      credit,
      palette: ['#463f3a', '#e0afa0'],
    },
    body: `At its peak, the Northstar cannery in Port Alder employed more than 900 people, most of them women, many of them recent immigrants. For six decades, it was the largest workplace on the waterfront. It closed in 2011, and since then its story has been told mostly in old photographs.

Now it can be heard. Over two years, volunteers with the Port Alder Historical Society recorded 86 interviews with former cannery workers, supervisors, fishermen and their families. The recordings, along with transcripts and photographs, were added to the Meridian County Library's local history collection this week and are free to listen to online.

"These are people who never imagined anyone would want to hear their story," said project coordinator Esperanza Tamayo, whose mother worked on the packing line for 19 years. "Some of them cried. Most of them laughed. A lot of them asked if we were sure we wanted to keep recording."

The interviews cover the grueling work of the canning season, the union drives of the 1970s, and the friendships that formed on the line. Several describe learning English from coworkers; others recall the smell that followed them home every night.

"You'd get on the bus and people would move away from you," remembered Filomena Costa, 88, in one recording. "We used to laugh about it. We'd say, that's the smell of money."

The project also produced a short documentary, which will screen at the Port Alder Arts Center and at the Rialto in Meridian. A selection of excerpts will be played on a listening bench installed on the seawall across from the former cannery, which has stood empty since it closed.

Tamayo said the historical society hoped to record more interviews. "Every year, we lose a few more voices," she said. "If your grandmother worked at Northstar, please call us."`,
  },
];
