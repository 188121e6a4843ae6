import type { DemoArticle } from '../types.js';

const credit = 'Illustration: The Meridian Ledger';

export const articlesNews: DemoArticle[] = [
  {
    slug: 'water-main-break-floods-harbour-street',
    headline: 'Water main break floods Harbour Street; Old Town under boil-water advisory',
    dek: 'A 90-year-old pipe split beneath one of Meridian’s busiest blocks, closing roads and shops as crews work to isolate the leak.',
    section: 'news',
    tags: ['transport', 'public-health'],
    authors: ['jonah-whitfield', 'ruth-castellanos'],
    daysAgo: 0.17,
    developing: true,
    updatedMinutesAfter: 240,
    readNext: 'mayor-budget-leans-on-reserves',
    commentPrompt: 'Were you affected by the Harbour Street break? Tell us what you are seeing in your neighborhood.',
    image: {
      alt: 'Abstract illustration of water spreading across a grid of city streets',
      caption: 'The break sent water across Harbour Street and into the lower end of Chandler Lane.',
      credit,
      palette: ['#0b3954', '#bfd7ea'],
    },
    liveUpdates: [
      {
        minutesAfter: 10,
        body: 'Meridian Fire Department crews have closed Harbour Street between Chandler Lane and Quay Road. Drivers are being turned back at Fourth Avenue.',
      },
      {
        minutesAfter: 40,
        body: '**Shops told to close.** Police are asking businesses on the lower block of Harbour Street to close for the rest of the day. Several basements on Chandler Lane have standing water, according to a fire department spokesperson.',
      },
      {
        minutesAfter: 85,
        body: 'The Meridian Valley Water Authority says it has located the valves it needs to shut off but must close them slowly to avoid pressure surges elsewhere in the system. Water pressure may drop in parts of Eastbank while that happens.',
      },
      {
        minutesAfter: 130,
        body: '**Boil-water advisory issued.** The county health department has told residents of Old Town and the streets of Eastbank west of Mercer Avenue to boil tap water for at least one minute before drinking it or using it to brush teeth. The advisory will stay in place until two rounds of tests come back clean, which usually takes at least 48 hours.',
      },
      {
        minutesAfter: 185,
        body: 'Valley Transit has rerouted Routes 2 and 5 along Fourth Avenue. The Old Town stop at Harbour and Chandler is out of service until further notice.',
      },
      {
        minutesAfter: 240,
        body: '**Flow stopped.** The water authority says the main is now fully isolated and the flooding has stopped. Crews will begin excavating as soon as the site is safe. The authority expects repairs to take at least two days; the road will stay closed for longer while the surface is rebuilt.',
      },
    ],
    body: `A water main split beneath Harbour Street, sending a sheet of water down one of Old Town’s busiest blocks and into the basements of several shops and homes on Chandler Lane.

No one was hurt, according to the Meridian Fire Department, but the break closed a stretch of Harbour Street to traffic, forced businesses to shut and prompted a boil-water advisory for Old Town and part of Eastbank.

The pipe is a 30-inch cast-iron main laid in 1931, according to the Meridian Valley Water Authority. It carries water from the Cedar Hill reservoir to much of the lower city.

"Pipes of this age don't usually give much warning," said Colette Durand, a spokesperson for the authority. "We have crews on site and we know where the valves are. The challenge is closing them without causing a second break somewhere else."

Battalion Chief Owen Strickland said firefighters spent the first hour checking basements on Chandler Lane for electrical hazards. Power was cut to four buildings as a precaution.

Marisol Fenn, who runs a stationery shop two doors up from the break, said she heard "a noise like a truck dropping its load" and then watched water rise over the curb within minutes. "We got the bottom shelves up in time," she said. "The people below street level weren't so lucky."

**Residents of Old Town and western Eastbank should boil tap water before drinking it until the advisory is lifted.**

The Harbour Street main is on the water authority’s list of pipes scheduled for replacement, but work on that section had been pushed back twice for lack of funding. The city council is expected to debate the authority’s capital budget next month.

This story will be updated as crews make repairs.`,
  },
  {
    slug: 'canal-street-bike-lanes-parking-plan',
    headline: 'City plan would swap 300 Canal Street parking spaces for protected bike lanes',
    dek: 'Supporters say the redesign would make the corridor safer; some shop owners fear losing the customers who drive in.',
    section: 'news',
    tags: ['transport', 'city-council', 'small-business'],
    authors: ['jonah-whitfield'],
    daysAgo: 2.3,
    readNext: 'council-approves-bus-network-redesign',
    commentPrompt: 'So, what do you think? Should Canal Street trade parking for protected bike lanes?',
    generatedComments: 2100,
    image: {
      alt: 'Abstract illustration of a street divided into parallel colored lanes',
      caption: 'The redesign would run two-way protected lanes along the north side of Canal Street.',
      credit,
      palette: ['#335c67', '#e09f3e'],
    },
    body: `Meridian's transportation department has proposed removing about 300 on-street parking spaces along Canal Street to make room for protected bike lanes, a bus boarding platform and wider sidewalks, in the most ambitious redesign of a city street in more than a decade.

The plan, released this week, covers the 1.4-mile stretch of Canal Street between the rail station and Millpond Park. It would replace the street's two parking lanes with a two-way bike lane on the north side, separated from traffic by a concrete curb, and a row of loading zones and short-stay spaces on the south side.

"Canal Street has the highest number of crashes involving cyclists and pedestrians of any street in the city," said Ines Carvalho, the city's transportation director. "We have tried paint. Paint has not worked."

City figures show 61 crashes involving people on foot or on bikes along the corridor in the past five years, 11 of them causing serious injuries.

# What changes

Under the proposal, the number of general traffic lanes would stay the same, but left turns would be restricted at four intersections. The city would add 40 short-stay spaces, limited to 20 minutes, and eight loading zones for deliveries. The remaining parking would move to the municipal garage on Third Avenue, where the city says about 200 spaces sit empty on a typical weekday.

# Shop owners split

Reaction along the street has been mixed. Peter Lasko, who has run a hardware store near Canal and Ninth for 22 years, said many of his customers drive in to pick up heavy items. "Nobody carries a bag of cement home on a bike," he said. "If they can't park, they'll go to the big store out on the highway."

Two blocks away, Jae-won Park, who owns a café, said she expected the change to help. "Most of my regulars walk or ride already," she said. "I would take a wider sidewalk and a few tables outside over two parking spaces any day."

The Canal Street Merchants Association has asked the city to phase the work over two years and to guarantee delivery access during construction.

**The council's transportation committee will take public comment on the plan at its next meeting. Written comments can be sent to the city clerk until the end of the month.**

If the council approves the design, construction would begin next spring and take about 18 months. The city estimates the cost at $14.2 million, most of it covered by a state safety grant.`,
    comments: [
      {
        author: 'Dana from Eastbank',
        body: 'I ride Canal Street to work every day and I have been clipped by a mirror twice. A curb between me and the traffic would change everything.',
        minutesAfter: 34,
      },
      {
        author: 'Walt Brennan',
        body: 'My mother is 84 and can not walk from the Third Avenue garage to her pharmacy. Has anyone asked how people like her are supposed to get there?',
        minutesAfter: 52,
        replies: [
          {
            author: 'Bea, Northgate',
            body: 'The plan keeps disabled parking on every block, according to the document on the city site. Worth checking whether her pharmacy block is one of them.',
            minutesAfter: 95,
          },
        ],
      },
    ],
  },
  {
    slug: 'central-library-renovation-pop-up-branches',
    headline: 'Central Library to close for 18-month renovation; four pop-up branches planned',
    dek: 'The city says the work will fix a failing roof and add a children’s floor, but patrons worry about losing the computers and quiet space they rely on.',
    section: 'news',
    tags: ['libraries', 'city-council', 'budget'],
    authors: ['ruth-castellanos'],
    daysAgo: 5.6,
    readNext: 'bookmobile-returns-to-rural-routes',
    commentPrompt: 'Do you use the Central Library? Tell us what you will miss most, and what the pop-up branches should offer.',
    image: {
      alt: 'Abstract illustration of stacked book spines under a scaffold',
      caption: 'The Central Library building on Mercer Avenue opened in 1968.',
      credit,
      palette: ['#5b3758', '#f2d0a9'],
    },
    body: `Meridian's Central Library will close for about 18 months starting in the new year so that contractors can replace its leaking roof, upgrade its heating system and rebuild the third floor as a children's library, the city's library board announced.

While the Mercer Avenue building is closed, the library will run four smaller pop-up branches: in the former bank building on Canal Street, at the Northgate Community Center, in two classrooms at Meridian State College and in a converted bus that will rotate between Cedar Flats, Westbank and Millpond.

"We know how much people rely on this building, and we did not make this decision lightly," said Harriet Quan, the library director. "But the roof has been patched eleven times in five years. At some point the patching costs more than the fix."

> [!pullquote]
> "We are not taking the library away. For a year and a half, we are taking it to the places people already go."

The renovation is budgeted at $23.5 million, with $15 million coming from a bond approved by voters three years ago and the rest from the city's capital fund and private donations.

# What stays and what goes

The pop-up branches will offer holds pick-up, a rotating collection of about 40,000 items, public computers and printing. Quan said the library would keep the same number of public computers in total, spread across the four sites.

What the pop-ups will not have is the large quiet reading room on the second floor, which regular patrons describe as the only free, heated, silent space in downtown Meridian. Study rooms will be available by reservation at the college site.

# Concerns from patrons

At a board meeting last month, several speakers said they worried the closure would fall hardest on people without internet at home. Leon Marchetti, who volunteers with a tenants' group in Old Town, said many older residents walk to the Central Library because it is the only branch within reach. "Northgate is two buses away for them," he said.

Quan said the library would run a free shuttle between Old Town and the Canal Street pop-up on weekdays and would extend that branch's hours into the evening.

**The library board will hold an open house on the renovation plans at the Northgate Community Center on the last Saturday of the month, from 10 a.m. to 1 p.m.**

The new building is scheduled to reopen in the summer of the following year, with the children's floor, a teen room, a recording studio and a ground-floor café run by a local nonprofit.`,
    comments: [
      {
        author: 'Dana from Eastbank',
        body: 'Eighteen months is a long time. I get that the roof leaks, but could they not do it one floor at a time and keep part of the building open?',
        minutesAfter: 22,
        replies: [
          {
            author: 'R. Okafor',
            body: 'I work in construction. Replacing a roof and a heating system with people inside is slower, more dangerous and usually more expensive. Doing it all at once is the sensible call.',
            minutesAfter: 41,
            replies: [
              {
                author: 'Dana from Eastbank',
                body: 'Fair enough, I did not know that. Then my worry is really the reading room. Nothing in the plan replaces it.',
                minutesAfter: 58,
                replies: [
                  {
                    author: 'Marguerite Ellison',
                    body: 'The college library is open to the public and has a silent floor. It is not downtown, but Route 9 stops right outside. I have been going there on Saturdays for years.',
                    minutesAfter: 96,
                  },
                ],
              },
            ],
          },
          {
            author: 'millpond_mike',
            body: 'They tried the one-floor-at-a-time approach at the Port Alder library and it took three years. Rip the bandage off.',
            minutesAfter: 131,
          },
        ],
      },
      {
        author: 'Theo Vasquez',
        body: 'A children’s floor is great news. The current story-time room fits about fifteen kids and it is always full.',
        minutesAfter: 64,
        replies: [
          {
            author: 'Sunita P.',
            body: 'Agreed. We got turned away from story time three weeks in a row last winter.',
            minutesAfter: 88,
          },
        ],
      },
      {
        author: 'Gwen Hartley',
        body: 'Who decided on a café? I would rather the money went to longer opening hours.',
        minutesAfter: 150,
        replies: [
          {
            author: 'Bill Ostrander',
            body: 'The article says a nonprofit will run it, so presumably it pays rent rather than costing the library anything. If that rent funds an extra evening of opening, I am all for it.',
            minutesAfter: 212,
            replies: [
              {
                author: 'Gwen Hartley',
                body: 'If that is how it works, fine. I would like to see the numbers before I believe it, though.',
                minutesAfter: 261,
              },
            ],
          },
        ],
      },
      {
        author: 'concerned_parent_22',
        body: 'Will the bus branch have a wheelchair lift? My son uses a chair and we go to the library every week.',
        minutesAfter: 300,
        status: 'pending',
      },
      {
        author: 'CryptoWinz Official',
        body: 'Turn $200 into $20,000 in one week!!! Join the MERIDIAN COIN presale now, limited spots, guaranteed returns, DM us today.',
        minutesAfter: 322,
        status: 'spam',
      },
      {
        author: 'Lorenzo Bianchi',
        body: 'I hope the shuttle from Old Town is real and not just a line in a press release. My neighbors depend on that building more than anyone on the board seems to understand.',
        minutesAfter: 480,
        replies: [
          {
            author: 'Ana from Cedar Flats',
            body: 'The director said at the last board meeting that the shuttle contract is already signed. It runs every 30 minutes on weekdays.',
            minutesAfter: 545,
          },
        ],
      },
    ],
  },
  {
    slug: 'port-alder-ferry-cuts-crew-shortage',
    headline: 'Port Alder ferry cuts four daily sailings as crew shortage drags on',
    dek: 'Commuters who cross the sound each day face longer waits after the ferry authority failed to fill a dozen deckhand and engineer positions.',
    section: 'news',
    tags: ['transport', 'waterfront'],
    authors: ['jonah-whitfield'],
    daysAgo: 8.2,
    commentPrompt: 'Do you ride the Port Alder ferry? How are the cuts changing your commute?',
    image: {
      alt: 'Abstract illustration of a ferry crossing a band of dark water',
      caption: 'The Port Alder–Gull Island route carries about 3,100 passengers on a typical weekday.',
      credit,
      palette: ['#1b263b', '#e0e1dd'],
    },
    body: `The Valley Ferry Authority will cut four of the 22 daily sailings between Port Alder and Gull Island starting next week, the latest sign of a staffing shortage that has dogged the route for more than a year.

The authority said it has 12 unfilled positions for deckhands and marine engineers, and that federal rules on minimum crew sizes mean it cannot run every boat on the schedule. The cancelled sailings are the 6:40 a.m. and 8:10 p.m. departures from each terminal.

"We would rather publish a schedule we can keep than one we have to cancel at the dock," said Bernadette Ruiz, the authority's operations manager. "Nothing frustrates riders more than a sailing that disappears twenty minutes before it leaves."

The Harbour Gazette, which has followed the shortage closely, reported on the authority's hiring efforts last month:

> The ferry authority has raised starting pay for deckhands twice in eighteen months and now covers the cost of the required safety training, but officials say competition from private shipping firms and the offshore wind projects to the north has drained the pool of qualified crew.
>
> — [The Harbour Gazette](https://example.org/harbour-gazette/ferry-crew-shortage)

For commuters, the cuts mean gaps of up to 90 minutes between boats at the start and end of the day. Nell Abernathy, a nurse who lives on Gull Island and works early shifts at Meridian General Hospital, said the 6:40 sailing was the only one that got her to work on time. "Now I either leave at 5:20 and wait an hour at the terminal, or I don't get there," she said.

The authority said it would add a shuttle bus from the Port Alder terminal to the hospital for the earliest sailing, and that it hoped to restore the full schedule once a class of 14 trainees finishes certification in about four months.

Gull Island's representative on the county board, Tobias Grennan, said he would ask the board to consider a standby arrangement with a private operator. "Islanders don't have another way across," he said. "A ferry is their road."`,
    comments: [
      {
        author: 'islander_jo',
        body: 'The 6:40 was already packed. Now the 5:20 will be standing room only. Please bring back the sailings as soon as the new crews are certified.',
        minutesAfter: 75,
      },
      {
        author: 'Harold Pike',
        body: 'Training takes months and pays nothing. If the authority paid trainees during certification they would have a line out the door.',
        minutesAfter: 140,
        replies: [
          {
            author: 'B. Anand',
            body: 'I think they do pay trainees now, since the change last year. The problem is the sea time they need before they can work as deckhands.',
            minutesAfter: 205,
          },
        ],
      },
      {
        author: 'Cora Lindahl',
        body: 'The shuttle to the hospital is a good idea. Why not run it for all the early sailings?',
        minutesAfter: 380,
      },
    ],
  },
  {
    slug: 'county-dental-clinic-extends-hours',
    headline: 'County dental clinic adds evening hours as waitlist tops 900',
    dek: 'The free clinic in Cedar Flats will open three nights a week after a state grant pays for a second dentist.',
    section: 'news',
    tags: ['public-health', 'budget'],
    authors: ['ruth-castellanos'],
    daysAgo: 11.4,
    image: {
      alt: 'Abstract illustration of a lit window in an evening street',
      caption: 'The Cedar Flats clinic will stay open until 8 p.m. on Mondays, Wednesdays and Thursdays.',
      credit,
      palette: ['#3c6e71', '#ffffff'],
    },
    body: `Meridian County's free dental clinic in Cedar Flats will open three evenings a week beginning next month, after a $640,000 state grant allowed the county to hire a second full-time dentist and two hygienists.

The clinic, which serves adults without dental insurance, has a waitlist of more than 900 people, according to the county health department. The average wait for a first appointment is now about seven months.

"People come to us when the pain is bad enough that they can't work," said Dr. Amina Yusuf, the clinic's lead dentist. "By then we are often pulling a tooth we could have saved with a filling a year earlier."

The new hours, until 8 p.m. on Mondays, Wednesdays and Thursdays, are aimed at people who cannot take time off work during the day. Yusuf said about a third of patients currently miss their first appointment, most often because of work or child care.

The county's health director, Simon Achterberg, said the grant covers two years. "After that, we will have to make the case to the board that this pays for itself in fewer emergency room visits," he said. "We think the data will show that."

Emergency departments in the valley recorded about 2,300 visits for dental pain last year, according to the state hospital association. Most of those patients were given antibiotics or pain medication and told to see a dentist.

The clinic also plans to send a hygienist to the Northgate and Port Alder senior centers once a month to do cleanings and screenings.

People can join the waitlist by calling the county health line or visiting the clinic at 410 Birch Street. Yusuf said patients in pain should say so when they call: "We keep a few slots open every day for people who can't wait."`,
  },
  {
    slug: 'lisle-footbridge-reopens',
    headline: 'Lisle River footbridge reopens after two-week inspection',
    dek: 'Engineers found corrosion on two support brackets but said the 1970s span is safe for foot and bike traffic.',
    section: 'news',
    tags: ['river', 'parks', 'transport'],
    authors: ['jonah-whitfield'],
    daysAgo: 1.2,
    body: `The pedestrian bridge over the Lisle River between Millpond Park and Westbank reopened to walkers and cyclists after a two-week closure for an inspection.

Engineers found corrosion on two of the bridge's steel support brackets and replaced them, according to the city's public works department. The rest of the structure, built in 1974, was found to be in fair condition.

"It's an old bridge, and it will need a bigger rehabilitation within the next five years," said Caleb Mortensen, the city's bridge engineer. "But it is safe, and we'll keep a closer eye on it in the meantime."

The bridge carries about 1,800 walkers and cyclists on a typical weekday. During the closure, people were directed to the Fourth Avenue road bridge, about half a mile downstream.

The city plans to inspect the bridge again in six months.`,
  },
  {
    slug: 'meridian-general-er-wait-times-fall',
    headline: 'Emergency room waits at Meridian General fall by a third after triage change',
    dek: 'The hospital now sends patients with minor injuries to a separate fast-track area staffed by nurse practitioners.',
    section: 'news',
    tags: ['public-health'],
    authors: ['ruth-castellanos', 'felix-brandt'],
    daysAgo: 14.7,
    image: {
      alt: 'Abstract illustration of a waiting room clock made of overlapping circles',
      caption: 'The median wait to see a clinician fell from 94 minutes to 61.',
      credit,
      palette: ['#0f4c5c', '#fb8b24'],
    },
    body: `The median wait to see a doctor or nurse practitioner in the emergency department at Meridian General Hospital has fallen by about a third since the hospital changed how it sorts incoming patients, according to figures the hospital provided to the Ledger.

In the six months since the change, the median time from arrival to first contact with a clinician was 61 minutes, down from 94 minutes in the same period a year earlier. The share of patients who left without being seen fell from 7.8 percent to 3.1 percent.

The main change was to open a separate "fast-track" area for patients with minor injuries and illnesses, such as sprains, small cuts and ear infections. Those patients are now seen by nurse practitioners in a set of six rooms that used to hold overflow beds, rather than waiting in the main department behind people with more serious conditions.

"Before, a child with a sprained wrist could sit for four hours because every doctor was with a heart attack or a car crash, which is exactly where they should be," said Dr. Leona Hargrove, the department's medical director. "Now that child is in and out in an hour, and the main team isn't interrupted."

Valley Public Radio spoke to patients about the change earlier this month:

> Several patients interviewed in the waiting room said the process was noticeably faster than on previous visits, though some said they were confused about why people who arrived after them were called first.
>
> — Valley Public Radio

The Ledger's analysis of the hospital's figures found that the improvement was largest on weekday evenings, the busiest period. Waits on weekend nights changed little. Hargrove said that is because the fast-track area closes at 11 p.m. and the hospital has not been able to hire enough nurse practitioners to run it overnight.

Nurses' union representative Gail Moreno said staff welcomed the change but warned that the main department remained short of beds. "The front door is faster," she said. "The back door, where people wait for a bed upstairs, is as slow as ever."

The hospital said it would publish monthly wait-time figures on its website starting next quarter.`,
  },
  {
    slug: 'stillwater-board-votes-to-merge-elementary-schools',
    headline: 'Stillwater school board votes 4-3 to merge Alder Creek and Fernhill elementaries',
    dek: 'After months of heated meetings, the board chose consolidation to close a budget gap, and Fernhill’s building will close next year.',
    section: 'news',
    tags: ['schools', 'budget'],
    authors: ['ruth-castellanos'],
    daysAgo: 38.5,
    commentsClosed: true,
    readNext: 'high-schools-pilot-later-start-time',
    commentPrompt: 'Should Stillwater have merged the two schools? Share your view.',
    image: {
      alt: 'Abstract illustration of two school buildings drawn as interlocking shapes',
      caption: 'Fernhill Elementary opened in 1957 and currently enrolls 212 students.',
      credit,
      palette: ['#7f5539', '#ede0d4'],
    },
    body: `The Stillwater School District board voted 4-3 in a session that ran past midnight to merge Fernhill Elementary into Alder Creek Elementary, ending months of debate over how to close a $3.1 million budget shortfall.

Fernhill's 212 students will move to Alder Creek, about 1.6 miles away, at the start of the next school year. The Fernhill building will close, and the district will consider selling or leasing it.

The vote came after more than three hours of public comment, most of it from Fernhill parents who urged the board to look for savings elsewhere.

"This is a neighborhood school in the truest sense," said Kiara Holt, whose two children attend Fernhill. "Half the kids walk. Next year they will all be on a bus."

Superintendent Douglas Merriweather said enrollment across the district had fallen by 14 percent over the past decade and that running two half-empty buildings was no longer affordable. Alder Creek, built for 550 students, currently has 301.

"Nobody on this board wanted to close a school," said board chair Patrice Odum, who voted in favor. "But the alternative was cutting teachers, and I was not willing to do that."

Board member Gerald Finch, who voted against the merger, said the district had not done enough to study the effect on traffic and bus times. "We are asking seven-year-olds to bear the cost of a decision we could have delayed a year," he said.

The district estimates the merger will save about $1.4 million a year, mostly in building costs and administrative salaries. No teachers will be laid off, Merriweather said, though some will change schools.

A transition committee of parents and staff from both schools will meet through the spring to plan the move, including whether Fernhill's name or mascot should carry over.`,
    comments: [
      {
        author: 'Kevin Delacroix',
        body: 'I understand the budget, but the board has known about the enrollment decline for ten years. Why is it always an emergency by the time they act?',
        minutesAfter: 48,
      },
      {
        author: 'Alder Creek parent',
        body: 'For what it is worth, Alder Creek families are ready to welcome the Fernhill kids. Our school has room and a great staff.',
        minutesAfter: 95,
      },
      {
        author: 'H. Wainwright',
        body: 'Keeping teachers over keeping a building is the right priority. A school is the people in it.',
        minutesAfter: 170,
        replies: [
          {
            author: 'Kiara H.',
            body: 'A school is also the walk to it and the neighbors you see on the way. I respect the board but I think they underestimated that.',
            minutesAfter: 240,
          },
        ],
      },
      {
        author: 'Stillwater grandma',
        body: 'Please make sure the bus times are reasonable. A seven-year-old should not be waiting in the dark.',
        minutesAfter: 410,
      },
    ],
  },
  {
    slug: 'northgate-apartment-fire-displaces-residents',
    headline: 'Northgate apartment fire displaces 40 residents; no serious injuries',
    dek: 'Neighbors and the Red Hollow community center have opened their doors while the building is assessed.',
    section: 'news',
    tags: ['housing'],
    authors: ['jonah-whitfield'],
    daysAgo: 19.3,
    commentPrompt: 'Do you know of other ways to help the displaced families? Share them here.',
    body: `About 40 people were forced from their homes before dawn after a fire broke out in a three-story apartment building on Larch Street in Northgate, the Meridian Fire Department said.

Firefighters arrived within five minutes of the first call and had the fire under control in about 40 minutes, according to Captain Irene Sokolova. Two residents were treated at the scene for smoke inhalation and one firefighter had a minor hand injury. No one was taken to hospital.

The fire started in a second-floor unit and spread to the attic, Sokolova said. The cause is under investigation, but she said there was no sign it had been set deliberately.

Residents described being woken by smoke alarms and neighbors knocking on doors. "There was a man on the top floor going door to door in his bathrobe making sure everyone was out," said Fatima Aziz, who has lived in the building for nine years. "I don't even know his name yet. I need to thank him."

The building's 18 units will remain empty until structural engineers assess the damage. The Red Cross's valley chapter has arranged hotel rooms for 11 households, and the Red Hollow Community Center on Ash Avenue opened a drop-in center with food, clothing and phone chargers.

The building's owner, Larch Street Properties, said in a statement that it would waive rent for the current month and help tenants find temporary housing.

The community center is accepting donations of gift cards and toiletries; it asked people not to bring used clothing, which it has no room to store.`,
    comments: [
      {
        author: 'Northgate neighbor',
        body: 'Red Hollow did an incredible job that morning. They had hot food out by 7 a.m. Thank you to everyone there.',
        minutesAfter: 210,
      },
      {
        author: 'Paulo Mendes',
        body: 'Another reminder to check your smoke alarms. Those alarms are why everyone got out.',
        minutesAfter: 390,
      },
    ],
  },
  {
    slug: 'high-schools-pilot-later-start-time',
    headline: 'Two Meridian high schools will test an 8:45 a.m. start next fall',
    dek: 'The district says the pilot will measure attendance and grades; bus schedules and after-school jobs are the sticking points.',
    section: 'news',
    tags: ['schools', 'public-health'],
    authors: ['ruth-castellanos'],
    daysAgo: 24.6,
    commentPrompt: 'Would a later start time help the teenagers in your life, or make things harder?',
    image: {
      alt: 'Abstract illustration of a sunrise over a row of school lockers',
      caption: 'Eastbank and Northgate high schools currently start at 7:35 a.m.',
      credit,
      palette: ['#ff7d00', '#15616d'],
    },
    body: `Eastbank and Northgate high schools will start classes at 8:45 a.m. next school year, more than an hour later than now, under a pilot program approved by the Meridian Unified School District board this week.

The two schools currently start at 7:35 a.m. The district will compare attendance, tardiness, grades and students' self-reported sleep at the two schools with those at Westbank and Old Town high schools, which will keep the earlier start.

"The research on teenagers and sleep is not really in dispute anymore," said Dr. Naomi Chua, a pediatrician who serves on the district's health advisory committee. "What's in dispute is whether a district can make the logistics work. That's what this pilot is for."

The main obstacle is buses. The district runs the same fleet in three waves, high schools first, and moving the high schools later means moving some elementary schools earlier. Under the pilot, four elementary schools in the Eastbank and Northgate zones will start 15 minutes earlier.

Some parents at the board meeting said the change would make it harder for older students to hold after-school jobs or care for younger siblings. "My daughter watches her brother every afternoon until I get home at five," said Corinne Blake. "If she gets out at 3:50 instead of 2:40, who watches him?"

Students who spoke were mostly in favor. "First period is just people trying to stay awake," said Tariq Hussain, a junior at Northgate. "I don't think anyone learns much chemistry at 7:35."

Athletics directors said practices would move later and some games would start after dark, which may require renting lights at two fields.

The district will report results to the board after the first semester and decide whether to expand the later start to all four high schools.`,
    comments: [
      {
        author: 'Mr. Albrecht (teacher)',
        body: 'I teach first period at Northgate. Anything that gets the kids in the room awake is worth trying.',
        minutesAfter: 60,
      },
      {
        author: 'Corinne B.',
        body: 'I am not against it, I just want the district to think about families like mine. Could the after-school program at the elementary run later?',
        minutesAfter: 130,
        replies: [
          {
            author: 'Ruth Castellanos',
            body: 'A district spokesperson told us the elementary after-school programs in the pilot zones will extend to 6 p.m. We will have more on that as the details are settled.',
            minutesAfter: 300,
          },
        ],
      },
      {
        author: 'sleepy_senior',
        body: 'Why do the juniors and seniors get it but not Westbank? We are tired too.',
        minutesAfter: 420,
      },
    ],
  },
  {
    slug: 'route-9-late-night-service',
    headline: 'Valley Transit adds late-night buses on Route 9 after rider petition',
    dek: 'Service on the Northgate–Canal Street line will run until 1 a.m. on weekdays starting next month.',
    section: 'news',
    tags: ['transport'],
    authors: ['jonah-whitfield'],
    daysAgo: 29.8,
    body: `Valley Transit will extend weekday service on Route 9 until 1 a.m., the agency said, after more than 2,000 riders signed a petition asking for later buses.

The last bus currently leaves the Canal Street transit center at 10:40 p.m. Under the new schedule, buses will run every 30 minutes until 1 a.m., serving the hospital, Meridian State College and the restaurant district along Canal Street.

The petition was started by Yusra Khalil, a line cook who said she regularly finished work after the last bus had gone. "I was spending a third of my evening's tips on a ride home," she said. "A lot of us were."

The extension will cost about $480,000 a year. Valley Transit's planning manager, Dominic Reyes, said the agency would pay for it by trimming frequency on two lightly used midday routes in Westbank.

"Route 9 carries more people after 9 p.m. than some of our routes carry all day," Reyes said. "The demand was clearly there."

The agency said it would review ridership on the late-night trips after six months.`,
  },
  {
    slug: 'missing-hiker-found-brackenridge',
    headline: 'Missing hiker found safe in Brackenridge hills after overnight search',
    dek: 'The 67-year-old Fenwick man had taken a wrong turn on the Ridgeback Trail and sheltered under a rock overhang.',
    section: 'news',
    tags: ['parks', 'weather'],
    authors: ['felix-brandt'],
    daysAgo: 33.2,
    body: `A 67-year-old Fenwick man who went missing while hiking in the Brackenridge hills was found cold but uninjured the next morning after an overnight search involving about 50 volunteers, the county sheriff's office said.

The man, whom the sheriff's office did not name, set out on the Ridgeback Trail in the morning and was reported missing by his wife when he had not returned by dark. Searchers found him shortly after 8 a.m. about two miles off the trail, sheltering under a rock overhang.

"He did the right thing," said Sergeant Wendell Ames of the Brackenridge Search and Rescue team. "Once he realized he was lost, he stopped, found shelter and waited. That made him a lot easier to find."

Overnight temperatures dropped to about 38 degrees and light rain fell for several hours.

Ames said the man had missed a junction where the trail crosses a dry creek bed, a spot where other hikers have gone astray. The parks department said it would add a second trail marker there.

Search and rescue volunteers urged hikers to tell someone their route, carry a headlamp and a warm layer, and download offline maps before heading out, since phone coverage in much of the Brackenridge hills is patchy.`,
  },
];
