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
