"""The demo guides: original, general advice in plain words, tagged with the needs
they cover. They name no program facts; the related-programs block is filled from
the demo programs for the guide's first need."""

GUIDES = [
    {
        "slug": "asking-friends-and-family-for-help",
        "title": "Asking friends and family for help",
        "summary": "People often want to help but do not know how. Small, specific "
        "requests make it easier for everyone.",
        "needs": ["groceries-and-meals", "rides-to-treatment", "house-cleaning"],
        "body": [
            (
                "text",
                "<p>Living with metastatic breast cancer takes time and energy. Many "
                "people find it hard to ask for help, but friends, family, neighbours "
                "and faith communities often say they wish they knew what to do. "
                "Asking is not a burden on them: it gives them a way to show they "
                "care.</p>"
                "<h2>Make requests small and specific</h2>"
                "<p>“Let me know if you need anything” is kind, but hard to act on. "
                "“Could you drive me to my appointment next Tuesday at 10?” is easy "
                "to say yes or no to. Keep a short list of jobs on your phone or "
                "fridge so you have an answer ready when someone offers.</p>"
                "<h2>Let one person coordinate</h2>"
                "<p>A close friend or relative can keep track of who is doing what, "
                "so you are not answering the same questions many times. Free online "
                "calendars for meals and rides can help them organise it.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Jobs people can often help with",
                    "items": [
                        "A ride to or from treatment",
                        "Cooking a meal or dropping off groceries",
                        "Cleaning, laundry or yard work",
                        "Picking up children from school or looking after pets",
                        "Sitting with you at an infusion or appointment",
                        "Making phone calls or filling in forms with you",
                    ],
                },
            ),
            (
                "callout",
                {
                    "heading": "It is all right to say no, too",
                    "text": "<p>You can thank people for an offer you do not need "
                    "right now. Your energy comes first.</p>",
                },
            ),
        ],
    },
    {
        "slug": "applying-for-disability-benefits",
        "title": "Applying for disability benefits with metastatic breast cancer",
        "summary": "How Social Security disability benefits work, and how to make "
        "your application as strong and quick as it can be.",
        "needs": ["disability-benefits-help", "financial-navigation"],
        "body": [
            (
                "text",
                "<p>If metastatic breast cancer stops you from working, you may be "
                "able to get disability benefits from the Social Security "
                "Administration (SSA). There are two programs:</p>"
                "<ul><li><strong>Social Security Disability Insurance (SSDI)</strong> "
                "is for people who have worked and paid Social Security taxes long "
                "enough.</li>"
                "<li><strong>Supplemental Security Income (SSI)</strong> is for "
                "people with limited income and savings, whatever their work "
                "history.</li></ul>"
                "<p>Breast cancer that has spread to distant parts of the body is on "
                "the SSA’s Compassionate Allowances list, which is meant to speed up "
                "decisions for the most serious conditions. You still need to apply "
                "and send medical records.</p>"
                "<h2>How to apply</h2>"
                "<p>You can apply on the Social Security website (ssa.gov), by phone, "
                "or at a local Social Security office. A hospital social worker, "
                "nurse navigator or a free benefits counsellor can help you fill in "
                "the forms.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Gather before you apply",
                    "items": [
                        "Your pathology or imaging report showing the cancer "
                        "has spread",
                        "Names, addresses and phone numbers of your doctors and "
                        "treatment centres",
                        "A list of your treatments and medicines",
                        "Your work history for recent years",
                        "Your Social Security number and bank details for payments",
                    ],
                },
            ),
            (
                "callout",
                {
                    "heading": "Good to know",
                    "text": "<p>SSDI payments usually start after a waiting period "
                    "of several months, so apply as soon as you stop working. Ask "
                    "the SSA or a benefits counsellor what applies to you.</p>",
                },
            ),
        ],
    },
    {
        "slug": "preparing-a-grant-application",
        "title": "Preparing an application for a grant",
        "summary": "Most financial-help programs ask for the same few documents. "
        "Having them ready makes applying faster and less stressful.",
        "needs": ["cash-grants", "utility-bills", "medical-bills-and-copays"],
        "body": [
            (
                "text",
                "<p>Grants from charities are often small and funds can run out, so "
                "it helps to apply to more than one program and to apply early in "
                "their funding period. Read each program’s rules first: who they "
                "serve, where, and whether they pay you or pay the bill "
                "directly.</p>"
                "<h2>Tips</h2>"
                "<ul><li>Keep copies of everything you send, and note the date.</li>"
                "<li>Ask your oncology social worker: many programs need a form from "
                "your medical team, and social workers know which funds are open.</li>"
                "<li>If an application is turned down or funds are closed, ask when "
                "to try again.</li></ul>",
            ),
            (
                "checklist",
                {
                    "heading": "Documents programs often ask for",
                    "items": [
                        "A letter or form from your doctor confirming your diagnosis",
                        "Proof of income, such as pay stubs or a benefits letter",
                        "Photo ID and proof of address",
                        "Copies of the bills you need help with",
                    ],
                },
            ),
            (
                "callout",
                {
                    "heading": "Save time",
                    "text": "<p>Use “Save to My list” on the programs you want to "
                    "apply to. My list shows one combined checklist of the documents "
                    "they ask for, and you can print it.</p>",
                },
            ),
        ],
    },
    {
        "slug": "finding-rides-to-treatment",
        "title": "Finding rides to treatment",
        "summary": "Ways to get to appointments when you cannot drive or cannot "
        "afford the trip.",
        "needs": ["rides-to-treatment", "gas-cards", "parking", "air-travel"],
        "body": [
            (
                "text",
                "<p>Treatment for metastatic breast cancer can mean many trips, "
                "sometimes for years. If getting there is hard, you have "
                "options.</p>"
                "<h2>Where rides can come from</h2>"
                "<ul><li><strong>Your treatment centre.</strong> Ask the social "
                "worker or nurse navigator: many centres know local volunteer "
                "drivers and transport services.</li>"
                "<li><strong>Your health insurance.</strong> Some Medicaid and "
                "Medicare Advantage plans cover rides to medical appointments. Call "
                "the number on your card and ask.</li>"
                "<li><strong>Charities.</strong> Some give free rides; others give gas "
                "cards or help with parking or flights. Search this directory by "
                "your ZIP code.</li>"
                "<li><strong>People you know.</strong> Friends and family can take "
                "turns driving.</li></ul>",
            ),
            (
                "callout",
                {
                    "heading": "Book early",
                    "text": "<p>Ride programs often need several days’ notice. Ask "
                    "how far ahead to book, and whether someone can come with "
                    "you.</p>",
                },
            ),
        ],
    },
]

# Guides for helpers: friends, family, neighbours and volunteers. They cover no need
# (so patients' program pages do not list them) and link to the ways to help.
HELPER_GUIDES = [
    {
        "slug": "what-helps-a-friend-with-metastatic-breast-cancer",
        "title": "What helps a friend with metastatic breast cancer",
        "summary": "Practical help usually means more than things: time, rides, "
        "meals and cards for gas and groceries.",
        "needs": [],
        "for_helpers": True,
        "body": [
            (
                "text",
                "<p>Metastatic breast cancer is treated for as long as treatment "
                "works, often for years. That means appointments, scans and side "
                "effects that come and go, and bills that keep arriving. The help "
                "that matters most is often ordinary and steady, not a single big "
                "gesture.</p>"
                "<h2>Practical help over things</h2>"
                "<p>A meal in the freezer, a clean kitchen, a ride to an "
                "appointment or an hour with the children can free up energy that "
                "no present can. If you are not sure, ask what the hardest part "
                "of their week is, and offer to take on a piece of it.</p>"
                "<h2>Gift cards for gas and groceries</h2>"
                "<p>Driving to treatment and eating well both cost money, and "
                "many people lose income while they are being treated. A gas card "
                "or a grocery card is simple to give and easy to accept. A few "
                "friends can put money together for one larger card.</p>"
                "<h2>Keep going</h2>"
                "<p>Offers often pour in at first and then fade, while the need "
                "stays. A message every few weeks, or help on a set day each "
                "month, can mean more than a lot at once.</p>"
                '<p>Ask them to <a href="/give/ask/">make a “How you can help '
                "me” page</a>: it lists what would help them, in their own "
                'words. Or <a href="/give/?need=gas-cards">give through a program '
                'that hands out gas cards</a> or <a href="/give/?role=driver">drive '
                "for one</a>.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Help that is usually welcome",
                    "items": [
                        "A ride to or from an appointment",
                        "A meal that freezes well, or a grocery delivery",
                        "A gas card or a grocery card",
                        "An hour of cleaning, laundry or yard work",
                        "Picking up children, walking the dog",
                        "A card or a short message that needs no reply",
                    ],
                },
            ),
        ],
    },
    {
        "slug": "what-to-put-in-a-care-box",
        "title": "What to put in a care box",
        "summary": "Soft, useful and gentle things, chosen for comfort during "
        "treatment, and what to leave out.",
        "needs": [],
        "for_helpers": True,
        "body": [
            (
                "text",
                "<p>A care box says “I am thinking of you” in a way that lasts. "
                "The best ones hold a few useful, comfortable things rather than "
                "many. If you can, ask what they would like, or what they already "
                "have too much of.</p>"
                "<h2>Ideas that are often welcome</h2>"
                "<ul><li>A soft blanket or a cosy pair of socks</li>"
                "<li>Unscented lotion and lip balm: treatment can leave skin "
                "dry</li>"
                "<li>A soft hat or a scarf</li>"
                "<li>A water bottle, plain snacks, ginger sweets or mints</li>"
                "<li>Something to pass the time at appointments: a book, puzzles, "
                "a notebook</li>"
                "<li>A gas card or a grocery card tucked inside</li>"
                "<li>A card with a few words from you</li></ul>"
                "<h2>What to leave out</h2>"
                "<p>Strong scents, flowers or plants (some people must avoid them "
                "during treatment), and books or leaflets about illness or cures, "
                "unless they asked for them.</p>"
                "<p>Some organisations send care boxes to many people and welcome "
                'items or money: <a href="/give/?kind=items">see ways to give '
                'items</a> or <a href="/give/?need=gift-and-care-boxes">help a care '
                "box program</a>. If you are making a box for one person, their "
                '<a href="/give/ask/">“How you can help me” page</a> may say what '
                "they would like.</p>",
            ),
            (
                "callout",
                {
                    "heading": "Check before you send",
                    "text": "<p>Programs that take donated items say which ones "
                    "they need, and often whether they must be new. Read their "
                    "guidelines first.</p>",
                },
            ),
        ],
    },
    {
        "slug": "how-to-offer-help-so-it-is-easy-to-accept",
        "title": "How to offer help so it is easy to accept",
        "summary": "“Let me know if you need anything” is kind but hard to take "
        "up. A specific offer is easy to say yes to.",
        "needs": [],
        "for_helpers": True,
        "body": [
            (
                "text",
                "<p>Most people find it hard to ask for help, and harder still to "
                "think of a job for someone when they are tired. An open offer "
                "leaves all of that work with them. A specific one does not.</p>"
                "<h2>Name the task and the time</h2>"
                "<p>Instead of “Let me know if you need anything”, try “I am "
                "going to the shops on Saturday: what can I bring you?” or “I can "
                "drive you every Tuesday this month.” A clear offer can be "
                "answered with a yes or a no.</p>"
                "<h2>Make no a comfortable answer</h2>"
                "<p>Add “and it is fine to say no”. Energy changes from day to "
                "day; a plan that can change without apology is easier to "
                "accept.</p>"
                "<h2>Do it without being asked again</h2>"
                "<p>Some help needs no answer at all: a meal left on the doorstep "
                "with a message, the bins taken out, the snow cleared.</p>"
                '<p>If they have <a href="/give/ask/">a “How you can help me” '
                "page</a>, start there: it says what would help them. You can "
                'also <a href="/give/?kind=volunteer">volunteer with a '
                "program</a> that helps people near you.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Offers that are easy to accept",
                    "items": [
                        "“I’ll bring dinner on Thursday. Any foods to avoid?”",
                        "“I can drive you to your appointment on the 12th.”",
                        "“Can I take the children to the park on Saturday?”",
                        "“I’m at the pharmacy tomorrow: anything to pick up?”",
                    ],
                },
            ),
        ],
    },
]
