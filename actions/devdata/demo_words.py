"""The demo's words: position statement narratives by RAG rating, what an action is about, and why a
due date moved. Templates take {topic}, {group}, {board}, {forum}, {month}, {n}... (demo.narrative_for).
"""

NARRATIVES = {
    "green": [
        "{Group} met twice this term and agreed a draft of {topic}, now shared with headteachers. Next "
        "step: sign-off at {board}.",
        "On track. A task group of {n} SENCOs reviewed the first draft of {topic} in {month} and their "
        "comments have been built in. Final version due at the next meeting of {board}.",
        "Good progress: {topic} has been tried out in {n} schools and early feedback from SENCOs is "
        "positive. Roll-out to the remaining schools is planned for next term.",
        "Timeline agreed with {group}. Scoping of {topic} is complete; consultation with parent carers "
        "through {forum} runs until the end of {month_next}.",
        "{n} of {m} milestones for {topic} met this term. Data for the quarter shows the expected "
        "improvement and the lead is confident of delivery by the due date.",
        "Workshop on {topic} held with {group} in {month} ({n} attendees). Actions from the workshop have"
        " been assigned and are tracked at the monthly task and finish group.",
        "On track. Work on {topic} now reflects feedback from the {forum} survey ({m} responses). Next "
        "step: publish on the Local Offer and brief front-line staff.",
        "Steady progress this term: the SEND Leadership Team reviewed {topic} in {month} and agreed the "
        "proposed changes. No risks to delivery identified.",
    ],
    "amber": [
        "Some slippage: work on {topic} was delayed by staff absence in {group}. A revised timeline has "
        "been agreed and the work should catch up by {month_next}.",
        "A draft of {topic} is ready, but consultation with headteachers took longer than planned. Sign-"
        "off has moved to the next meeting of {board}.",
        "Progress is slower than planned: only {n} of {m} schools have returned their self-review so far."
        " Reminders sent and a SENCO network follow-up arranged for {month_next}.",
        "Capacity is stretched across the team this term, so {topic} has been re-prioritised. The lead is"
        " agreeing with {group} what can still be delivered by the due date.",
        "A data-sharing agreement with health partners is still awaited, which is holding up {topic}. "
        "Interim arrangements are in place and the risk is being managed.",
        "Work on {topic} is under way but depends on the outcome of the High Needs budget review, so the "
        "scope may change. Update to follow at the next meeting of {board}.",
        "Recruitment to the post supporting {topic} is in progress (interviews in {month_next}). Existing"
        " staff are covering the essential work in the meantime.",
        "Feedback from {forum} asked for changes to {topic}. These are being made, which has pushed the "
        "launch back by about half a term.",
    ],
    "red": [
        "Off track: {topic} cannot progress until funding is confirmed. The decision has been escalated "
        "to {board}; without it this action will not be delivered on time.",
        "Blocked: the lead post has been vacant since {month_prev} and nobody has picked up {topic}. The "
        "board is asked to agree interim cover.",
        "No progress this term. {Group} has not met since {month_prev} because of competing pressures; a "
        "recovery plan will go to the next meeting.",
        "Delayed: the case management system change needed for {topic} has been pushed back by the "
        "supplier. Workarounds are being explored, but the due date will be missed.",
        "At risk: {topic} needs agreement from every school and {n} have not yet signed up. Escalated to "
        "the Schools Forum for {month_next}.",
        "Off track. Requests for EHC needs assessments are up {pct}% on last year and the team has moved "
        "capacity away from {topic}. A board decision on priorities is needed.",
    ],
    "blue": [
        "Complete: {board} signed off {topic} in {month} and it has been shared with schools and "
        "families. Impact will be monitored through the SEND dashboard.",
        "Delivered. {Topic} is in place and embedded in practice; {n} settings used it this term. Action "
        "closed, with monitoring moved to business as usual.",
        "Action complete: the final report on {topic} went to {board} in {month} and its recommendations "
        "were accepted. Remaining follow-up sits with {group}.",
        "Completed this term. {Topic} launched in {month} with {m} staff trained; evaluation shows "
        "positive feedback from SENCOs and parent carers.",
        "Complete. Success measures met: {topic} is in use across all phases and reviewed termly by {group}.",
    ],
    "still_blue": [
        "No change: action complete. {Topic} continues as business as usual, monitored by {group}.",
        "Remains complete. A termly check in {month} confirmed that {topic} is still working as intended.",
    ],
}
# What an action is about, as a singular noun phrase for the narratives; first match wins.
TOPICS = [
    (r"local offer", "the Local Offer"),
    (r"\bEHC|education, health and care", "EHC plan quality assurance"),
    (r"annual review", "the annual review process"),
    (r"autism", "the autism training offer"),
    (r"champions", "the champions network"),
    (r"induction", "SENCO induction training"),
    (r"training|\bCPD\b|workforce", "the training programme"),
    (r"protocol", "the new protocol"),
    (r"guidance|graduated approach", "the graduated approach guidance"),
    (r"transition", "the transition process"),
    (r"fund|budget|top-up|banding", "the funding model"),
    (r"\bdata\b|dashboard|scorecard|outcome", "the outcomes dashboard"),
    (r"commission|market", "the commissioning plan"),
    (r"pilot", "the pilot"),
    (r"\bhubs?\b", "the hub model"),
    (r"strategy", "the strategy"),
    (r"exclusion|\bPRS\b|\bPRU\b|fair access|managed transfer", "the exclusions work"),
    (r"post 16|post-16|college|adulthood|\bPfA\b|\b5 day", "the post-16 offer"),
    (r"early years|\bEY\b|\bPVI\b|0-5", "the early years support offer"),
    (r"capital|project|site|building", "the capital project"),
    (r"places|placement|provision|special school", "the review of specialist provision"),
    (r"\bmap", "the mapping exercise"),
    (r"parent|coproduction|engagement|voice", "parent carer engagement"),
    (r"agenda|forum|report", "the reporting cycle"),
    (r"GDPR|information|sharing", "the information-sharing agreement"),
    (r"well ?being|mental health|MHFA|SEMH", "the wellbeing offer"),
    (r"policy|process|pathway|system|mechanism", "the new process"),
    (r"review|analys|consider|research|explore|clarify", "the review"),
]

# Due dates moved with a reason (through the service, as an administrator would): "re-baselined".
REBASELINE_REASONS = [
    "The board agreed a later date in {month}: the work now waits for the High Needs budget review.",
    "Consultation with parent carers was extended at the forum's request, so delivery moves back a term.",
    "The lead post was vacant for three months; the new lead has agreed a revised timeline.",
    "Health partners asked for the pathway to launch with the new referral system, now due later.",
]
