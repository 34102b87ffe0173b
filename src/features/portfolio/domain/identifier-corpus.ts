/**
 * A corpus for the anonymisation guard (identifiers.ts): texts a foundation doctor might write in a portfolio.
 *
 * `identifying`: texts with patient identifiers, each listed with its kind and exact text, in many spellings and
 * spacings. `clean`: reflections and patient-journey notes from generalist F2 settings (general practice, community,
 * acute medicine, hospice, care home, mental health, social prescribing), full of numbers, doses, dates, times,
 * places and roles, with no identifier; anonymised as reflections should be ("Mr A", "a woman in her eighties").
 *
 * Everything here is invented. NHS numbers are in the 999 range kept for testing; phone numbers are in Ofcom's ranges
 * for drama (01632 960xxx, 020 7946 0xxx, 07700 900xxx); names are made up; email addresses use example domains.
 */
import type { IdentifierKind } from './identifiers.ts';

export interface IdentifyingText {
  text: string;
  /** Every identifier in the text, in text order: its kind and exactly the text that must be found. */
  identifiers: readonly (readonly [IdentifierKind, string])[];
}

export const identifying: readonly IdentifyingText[] = [
  {
    text: 'Reviewed in clinic, NHS number 999 000 0018, with her daughter.',
    identifiers: [['nhs-number', '999 000 0018']],
  },
  {
    text: 'Label on the drug chart read 999-015-8398 and the allergy band was checked.',
    identifiers: [['nhs-number', '999-015-8398']],
  },
  {
    text: 'Referral letter quoted NHS no. 9990237581 but the surgery had an older address.',
    identifiers: [['nhs-number', '9990237581']],
  },
  {
    text: 'The discharge summary had 99 903 16775 typed oddly in the header.',
    identifiers: [['nhs-number', '99 903 16775']],
  },
  {
    text: 'NHS: 9990  395  969 (copied from the ambulance handover sheet).',
    identifiers: [['nhs-number', '9990  395  969']],
  },
  {
    text: 'Mrs Quillfeather, DOB 12/03/1954, was admitted with a fall at 02:15.',
    identifiers: [
      ['name', 'Mrs Quillfeather'],
      ['date-of-birth', '12/03/1954'],
    ],
  },
  {
    text: 'He was born 3.7.41 in Lowestoft and worked on the trawlers until he was 60.',
    identifiers: [['date-of-birth', '3.7.41']],
  },
  {
    text: 'Date of birth: 1 February 1938. Lives alone with carers twice daily.',
    identifiers: [['date-of-birth', '1 February 1938']],
  },
  {
    text: 'Her d.o.b. 1949-11-30 was wrong on the prescription, so the pharmacist rang us.',
    identifiers: [['date-of-birth', '1949-11-30']],
  },
  {
    text: 'Born on the 22nd of June, 1960, he told me about the war stories his father told.',
    identifiers: [['date-of-birth', '22nd of June, 1960']],
  },
  {
    text: 'The wristband said 05-Sep-1947 (D.O.B.) and matched the notes.',
    identifiers: [['date-of-birth', '05-Sep-1947']],
  },
  {
    text: 'Home visit to IP4 5PD for a review of his leg ulcers with the district nurse.',
    identifiers: [['postcode', 'IP4 5PD']],
  },
  {
    text: 'The care home is at cb22 3ab, a short drive from the practice.',
    identifiers: [['postcode', 'cb22 3ab']],
  },
  {
    text: 'The safeguarding form asked for the address; I wrote NR13HB before realising it would be kept.',
    identifiers: [['postcode', 'NR13HB']],
  },
  {
    text: 'Hospital number RM12345 was on the blood form instead of the request card.',
    identifiers: [['hospital-number', 'RM12345']],
  },
  {
    text: 'MRN: 00482913, admitted via the emergency department at 23:40.',
    identifiers: [['hospital-number', '00482913']],
  },
  {
    text: 'I copied K4429017 (hospital number) into my notes by mistake.',
    identifiers: [['hospital-number', 'K4429017']],
  },
  {
    text: 'His hosp. no. is D 773120 and he has had 14 admissions this year.',
    identifiers: [['hospital-number', 'D 773120']],
  },
  {
    text: 'Her son asked us to ring him on 07700 900123 after the MDT.',
    identifiers: [['phone', '07700 900123']],
  },
  {
    text: 'The carer left her number, +44 7700 900456, on the fridge.',
    identifiers: [['phone', '+44 7700 900456']],
  },
  {
    text: 'Landline (01632) 960321 goes to the answerphone after six rings.',
    identifiers: [['phone', '(01632) 960321']],
  },
  {
    text: 'Next of kin: 020-7946-0018, who lives in London and visits monthly.',
    identifiers: [['phone', '020-7946-0018']],
  },
  {
    text: 'Daughter on +44 (0)1632 960 789 wants a call before 5pm.',
    identifiers: [['phone', '+44 (0)1632 960 789']],
  },
  {
    text: 'The patient emailed me at drfy2@example.nhs.uk from jo.pemberthwaite@example.com asking for results.',
    identifiers: [
      ['email', 'drfy2@example.nhs.uk'],
      ['email', 'jo.pemberthwaite@example.com'],
    ],
  },
  {
    text: 'Mr J. Ottersby had a NEWS2 of 7 and was reviewed by the medical registrar.',
    identifiers: [['name', 'Mr J. Ottersby']],
  },
  {
    text: 'I discussed Ms Fennimore-Vale with Dr Marchbank at the huddle.',
    identifiers: [
      ['name', 'Ms Fennimore-Vale'],
      ['name', 'Dr Marchbank'],
    ],
  },
  {
    text: "Miss Ambleside's mother asked for a second opinion from Prof. Hazelgrove.",
    identifiers: [
      ['name', 'Miss Ambleside'],
      ['name', 'Prof. Hazelgrove'],
    ],
  },
  {
    text: 'Mx Rowan Tillingbourne attended the social prescribing group on Tuesday.',
    identifiers: [['name', 'Mx Rowan Tillingbourne']],
  },
  {
    text: 'MRS GRIMSDITCH was seen in the hospice day unit for breathlessness.',
    identifiers: [['name', 'MRS GRIMSDITCH']],
  },
  {
    text: 'Mrs Ottoline Quarrendon (NHS 999 118 7863), DOB 7/8/1936, lives at PE30 4ET; tel 01632 960555.',
    identifiers: [
      ['name', 'Mrs Ottoline Quarrendon'],
      ['nhs-number', '999 118 7863'],
      ['date-of-birth', '7/8/1936'],
      ['postcode', 'PE30 4ET'],
      ['phone', '01632 960555'],
    ],
  },
  {
    text: 'Mr Hollowell, hospital number A1234567, NHS number 9990871108, born 14 Feb 1952.',
    identifiers: [
      ['name', 'Mr Hollowell'],
      ['hospital-number', 'A1234567'],
      ['nhs-number', '9990871108'],
      ['date-of-birth', '14 Feb 1952'],
    ],
  },
  {
    text: 'DOB 120354 and NHS 999.095.0296 were on the handover list I photographed.',
    identifiers: [
      ['date-of-birth', '120354'],
      ['nhs-number', '999.095.0296'],
    ],
  },
  {
    text: 'She gave her mobile as 07700-900-987 and her email as wren.ashdown@example.org.uk.',
    identifiers: [
      ['phone', '07700-900-987'],
      ['email', 'wren.ashdown@example.org.uk'],
    ],
  },
  {
    text: 'unit number 0099812 / postcode co4 9yq / date of birth 29.02.1948',
    identifiers: [
      ['hospital-number', '0099812'],
      ['postcode', 'co4 9yq'],
      ['date-of-birth', '29.02.1948'],
    ],
  },
  {
    text: 'I rang Mrs Tansley-Brook at home on 0207 946 0123 to explain the delay.',
    identifiers: [
      ['name', 'Mrs Tansley-Brook'],
      ['phone', '0207 946 0123'],
    ],
  },
  {
    text: 'Scanned letter: patient ID 55102398, NHS No 9991 029 486.',
    identifiers: [
      ['hospital-number', '55102398'],
      ['nhs-number', '9991 029 486'],
    ],
  },
  {
    text: 'born 30 Nov. 1939 — the family wanted this on the certificate',
    identifiers: [['date-of-birth', '30 Nov. 1939']],
  },
  {
    text: 'The GP letter gave his DOB as March 3rd 1958 and his postcode as SW1A 1AA.',
    identifiers: [
      ['date-of-birth', 'March 3rd 1958'],
      ['postcode', 'SW1A 1AA'],
    ],
  },
  {
    // The ten digits fail the check (a typing slip), so only the name is an identifier the guard can know.
    text: 'Photographed the board: bed 4 - Mrs Pennywhistle-Farrow, 82, NHS 999 025 8951.',
    identifiers: [['name', 'Mrs Pennywhistle-Farrow']],
  },
  {
    text: 'Her son (07700 900 321) asked if she could go to the hospice at IP3 8LX.',
    identifiers: [
      ['phone', '07700 900 321'],
      ['postcode', 'IP3 8LX'],
    ],
  },
  {
    text: 'the label said d.o.b 04/07/1939 and MRN K-1234567',
    identifiers: [
      ['date-of-birth', '04/07/1939'],
      ['hospital-number', 'K-1234567'],
    ],
  },
  {
    text: 'DOB:3rd Jan 1944; NHS: 999-204-1234?',
    identifiers: [
      ['date-of-birth', '3rd Jan 1944'],
      ['nhs-number', '999-204-1234'],
    ],
  },
  {
    text: 'Emailed the letter to sam.tibbleworth@example.net and copied in the GP.',
    identifiers: [['email', 'sam.tibbleworth@example.net']],
  },
  {
    text: 'Spoke to MR J BRACKENFIELD about the CT result.',
    identifiers: [['name', 'MR J BRACKENFIELD']],
  },
  {
    text: 'He was born 11th November 1931 at home in Norfolk.',
    identifiers: [['date-of-birth', '11th November 1931']],
  },
  {
    text: 'tel +44 1632 960 007 (landline, answered by the carer)',
    identifiers: [['phone', '+44 1632 960 007']],
  },
  {
    text: 'Seen at home, cb4 1xx postcode, hospital no A123456',
    identifiers: [
      ['postcode', 'cb4 1xx'],
      ['hospital-number', 'A123456'],
    ],
  },
  {
    text: 'Prof. Winterbourne-Gale reviewed Mx Quinlan on ward 9.',
    identifiers: [
      ['name', 'Prof. Winterbourne-Gale'],
      ['name', 'Mx Quinlan'],
    ],
  },
];

/** Reflections and notes with no identifier: nothing here may be flagged. */
export const clean: readonly string[] = [
  // General practice
  'Saw a 67-year-old man in the GP surgery with a three-week cough. CRP 12, chest clear, sats 97% on air. We agreed on safety-netting rather than antibiotics and he will book a review in 2 weeks if not better.',
  'A woman in her fifties with type 2 diabetes: HbA1c 74 mmol/mol, up from 58 in March 2025. Metformin 1 g bd, gliclazide 80 mg od. The practice pharmacist suggested adding an SGLT2 inhibitor; eGFR 45, so dapagliflozin 10 mg od.',
  'Morning clinic ran from 08:30 to 12:10 with 18 patients booked and 4 extras. The duty doctor took 31 calls. I reflected on how 10-minute appointments shape what I ask.',
  'Mr A, a retired farmer, came with his wife. BP 162/94 on three readings; home readings averaged 151/88. Started amlodipine 5 mg od and planned bloods (U&E, lipids) in 4 weeks.',
  'Child of 4 with a temperature of 38.9 °C for 2 days, HR 130, RR 28, cap refill under 2 seconds. Traffic-light assessment amber; reviewed again at 17:45 with the GP partner.',
  'In the Ipswich practice I joined the long-term conditions nurse for asthma reviews: 6 patients, 2 on salbutamol more than 3 times a week, both switched to a dry-powder inhaler to lower the carbon footprint.',
  // Community
  'District nursing visit in Felixstowe with Sister B: leg ulcer 4 cm by 2.5 cm, ABPI 0.9, compression started. We discussed pressure area care and the 2-hourly turns her carers manage.',
  'Community frailty team: Mrs C, 91, Rockwood Clinical Frailty Scale 7, on 11 regular medicines. We stopped 3 (omeprazole 20 mg, atorvastatin 40 mg, doxazosin 4 mg) after talking with her and her son.',
  'Virtual ward round at 09:00 with 23 patients on the respiratory virtual ward. Two had sats below 92% overnight; one was admitted to Colchester General, the other started on prednisolone 40 mg for 5 days.',
  'Joined the community respiratory team on a home visit in Sudbury: FEV1 48% predicted, MRC dyspnoea 4, on 2 L/min oxygen for 15 hours a day. We talked about fire safety and smoking.',
  'Falls clinic at the community hospital: a man in his eighties with 3 falls since 14 August 2025, lying and standing BP 138/80 then 112/70 at 3 minutes. Tamsulosin 400 micrograms stopped.',
  // Acute medicine
  'Acute medical take on 12/03/2024: 27 admissions between 08:00 and 20:00. I clerked 9, including a DKA (pH 7.12, ketones 5.8) started on fixed-rate insulin at 0.1 units/kg/hour.',
  'A man in his seventies with sepsis from a urinary source, NEWS2 7 at triage, lactate 4.1. Sepsis six within the hour: gentamicin 5 mg/kg, 30 ml/kg fluids, catheter, hourly obs. NEWS2 3 by 06:00.',
  'Hb 98 g/L, MCV 72, ferritin 8: iron deficiency anaemia in a woman of 45. We requested a FIT test and gave ferrous sulfate 200 mg od; the haematology SpR advised against IV iron for now.',
  'On the AMU (Ward 7B, bed 12) a patient with an upper GI bleed: Glasgow-Blatchford score 9, urea 14.2, Hb 84. Two units transfused, endoscopy at 14:30 with the gastro consultant.',
  'Night shift from 20:00 to 08:30 covering 6 wards. 41 bleeps, 3 cardiac arrest calls (one ROSC after 12 minutes), and a potassium of 6.8 treated with 10 units Actrapid in 50 ml of 50% glucose.',
  'CRP 145 and WCC 18.3 in a woman with cellulitis of the left leg; flucloxacillin 1 g qds IV, marked the edge at 11:20. By day 3 the CRP was 62 and she went home on oral doses for 5 more days.',
  'Handover at 21:00: bay 3 bed 4 needs a repeat troponin at 23:00 (first 18 ng/L); side room 2 is for end-of-life care; the Dr on call is holding bleep 2245.',
  'A 52-year-old with chest pain, ECG showing ST depression in V4 to V6, high-sensitivity troponin 312 then 890. Given aspirin 300 mg, ticagrelor 180 mg and fondaparinux 2.5 mg; angiography at Papworth within 72 hours.',
  // Hospice
  'Hospice in-patient unit: a man in his sixties with metastatic prostate cancer on a syringe driver with morphine 30 mg and midazolam 10 mg over 24 hours. His pain score fell from 8/10 to 3/10 overnight.',
  'Day hospice at St Elizabeth Hospice on Tuesday: breathlessness group with 8 patients, a fan, pursed-lip breathing and the calming hand. The physiotherapist measured a 6-minute walk of 180 m for one man.',
  'We talked about DNACPR and ReSPECT with Mrs D and her daughter in the family room. I reflected afterwards, using Gibbs, on the silence after I explained that CPR would not work for her.',
  'Verification of death at 03:40 on the hospice ward; I completed the form with the night sister and called the family at 04:05, as they had asked to be called at any hour.',
  // Care home
  'Weekly ward round at a care home in Bury St Edmunds with the advanced nurse practitioner: 14 residents reviewed, 2 urine dips (not sent), 1 new pressure ulcer (category 2) and 3 anticipatory prescriptions.',
  'Resident in her nineties with dementia and weight loss: MUST score 2, weight down from 52 kg to 47 kg over 3 months. We added fortified meals and asked the dietitian to visit in 2 weeks.',
  'Structured medication review at the care home: 9 residents on antipsychotics; we reduced risperidone from 1 mg to 500 micrograms in 2 and planned a review on 30 June after the behaviour charts.',
  'Care home staff called at 16:20 about a fall: no head injury, hip rotation normal, walking with a frame. We agreed observations every 4 hours for 24 hours and a physiotherapy review on Monday.',
  // Mental health
  'Crisis team assessment with the mental health nurse at 22:30: PHQ-9 of 21, GAD-7 of 17, no plan or intent today. Safety plan written with him; follow-up within 72 hours by the home treatment team.',
  'Ward round on the older adults mental health ward at Hellesdon: lithium level 0.7 mmol/L, TSH 3.2, eGFR 58. The consultant psychiatrist and I talked about capacity to consent to the depot.',
  'Clozapine clinic: ANC 2.4, WBC 5.1, dose 350 mg nocte. We discussed constipation and checked for bowel habits at every visit, as 3 of our 40 patients had needed admission last year.',
  'Section 136 assessment in the place of safety at 01:10 with the AMHP and a section 12 doctor; I observed and wrote up what I learnt about the Mental Health Act 1983 and the role of the police.',
  // Social prescribing
  'Spent a morning with the social prescribing link worker in Thetford: 5 referrals, including a walking group on Thursdays at 10:00 and a men’s shed in Brandon for a widower of 78.',
  'Social prescribing review: a woman in her thirties with debts of about £4,000 referred to Citizens Advice; her GAD-7 fell from 15 to 9 in 8 weeks after joining the allotment project.',
  'Population health project: 312 patients on the practice list in Core20PLUS5 groups had no blood pressure recorded in 5 years. We ran 3 pop-up clinics at the community centre and checked 87.',
  'Met the housing officer from the district council about damp in a flat where a child had 4 asthma admissions in 2024. The council agreed a survey within 10 working days.',
  // Reflections across settings
  'Change project (SusQI): we switched 120 patients from metered-dose to dry-powder inhalers, saving roughly 3,000 kgCO2e a year using the 2024 conversion factors; PDSA cycle 2 starts on 1 October.',
  'My educational supervisor meeting on 14/10/2026 reviewed 6 mini-CEX, 4 CBD and 2 DOPS. My TAB had 12 responses. We set 3 goals for the next placement starting in December.',
  'Following one patient across systems: admitted to Addenbrooke’s on day 1, transferred to a community bed on day 9, home with a package of 4 calls a day on day 23, reviewed by the GP on day 30.',
  'Teaching session for 25 medical students at 13:00 on fluid balance: 25-30 ml/kg/day of water, 1 mmol/kg/day of sodium, potassium and chloride, 50-100 g/day of glucose.',
  'I reflected on my GMC number (7 digits, 7654321) being on every prescription I sign, and on what trainees owe each other when a colleague makes an error at 4am.',
  'Dr on call for the hospice overnight is reached through the switchboard; the palliative care CNS covers 08:00 to 18:00 and the consultant from home after that.',
  'An 84-year-old man with delirium: 4AT score 6, sodium 128, constipated for 5 days. After senna 15 mg nocte, a phosphate enema and stopping amitriptyline 25 mg, his 4AT was 1 by day 4.',
  'Audit of VTE assessments on Ward 9: 48 of 60 (80%) done within 14 hours of admission in cycle 1, 57 of 60 (95%) in cycle 2 after the admission proforma changed on 3 March.',
  // A second batch, written before it was run through the detector.
  'Shadowed the GP partner at the Orwell Medical Centre: 22 face-to-face appointments, 9 telephone calls, 3 home visits. Asked Dr A how she decides who needs to be seen; she said the 10 seconds after "how can I help" matter most.',
  'Observations at 06:00: T 37.9, HR 104, BP 98/62, RR 22, SpO2 93% on 2L, NEWS2 6. Escalated to the SpR at 06:10, blood cultures x2, Tazocin 4.5 g IV stat, fluids 500 ml over 15 min.',
  'Hospice handover 08:45 in the Cavell room; 12 beds, 10 occupied. The CNS team (Band 7) took 14 advice calls overnight from district nurses in Kings Lynn, Swaffham and Downham Market.',
  'Insulin sliding scale reviewed: CBG 14.2 at 12:00, 11.8 at 14:00, 9.6 at 16:00, 7.4 at 18:00. Long-acting Lantus 18 units at 22:00 continued; hypo box checked on Ward 23.',
  'INR 3.8 on warfarin 5 mg; dose held for one day then 4 mg, recheck INR in 5 days at the anticoagulation clinic in Block 2, level 1.',
  'During the Section 2 tribunal (28 days) I learnt how the responsible clinician, the AMHP and the patient’s solicitor each present; the panel sat from 10:30 to 13:15.',
  'Care home MDT on Wednesday: 6 residents discussed, 2 referred to the frailty hub, 1 new ReSPECT form. We agreed that Mrs E would stay in her room with oxygen 1 L/min at night.',
  'The discharge letter (v2.3 template) lists 14 medicines; we cut it to 9. Codeine 30/500 qds stopped, lactulose 10 ml bd started, and a dosette box arranged by the community pharmacist.',
  'Blood results: Na 131, K 5.4, urea 11.2, creat 148 (baseline 102), eGFR 38, Mg 0.62, PO4 0.71, corrected Ca 2.31, CK 540, TSH 2.1, B12 210, folate 3.1.',
  'Social prescribing: referred 3 people to the Shotley Peninsula lunch club, 2 to a gardening project at Holbrook and 1 to the Ipswich foodbank (voucher 2 of 3).',
  'GP trainee tutorial, 14:00 to 16:30, on QOF indicators: DM006, DM012 and BP002. Our practice scored 548 of 635 points last year.',
  'A 19-year-old with first-episode psychosis seen by the early intervention team. PANSS 86 at baseline; aripiprazole 5 mg, increased to 10 mg after 2 weeks; reviewed again on 4/11.',
  'Teaching on DKA at 12:30 in Seminar Room 3, Education Centre, with 14 F1s: pH < 7.3, bicarbonate < 15, ketones > 3 mmol/L; fixed-rate insulin 0.1 unit/kg/hr.',
  'Weight 72.4 kg on Monday, 71.9 on Tuesday, 71.2 on Wednesday, 70.8 on Thursday after furosemide 40 mg bd; fluid restriction 1.5 L/day.',
  'Reflection (Rolfe): What? A 90-year-old man fell at 03:00 in bay C. So what? Bed rails and a low bed would have helped. Now what? I raised a Datix (ref W123456) and joined the falls group.',
  'On the Gainsborough ward, Dr X the consultant asked me to present 3 patients at the 09:30 board round; the whiteboard lists bed numbers 1 to 28 and expected discharge dates.',
  'Community mental health: a woman in her forties with bipolar disorder, lithium 800 mg nocte, level 0.62 on 2/10/2026. Lives in Felixstowe, walks her dog on the seafront daily.',
  'I spent Tuesday with the Suffolk Fire and Rescue home safety team: 4 visits, 2 smoke alarms fitted and 1 referral to the council about hoarding in a flat on the 6th floor.',
  'ECG: sinus rhythm 72 bpm, PR 220 ms, QRS 100 ms, QTc 470 ms; the cardiology registrar advised stopping citalopram 20 mg and repeating the ECG in 1 week.',
  'Audit cycle 2: 31 of 40 (77.5 %) patients had a documented ceiling of care within 24 hours; target 90 %. Presented at the Friday 12:30 grand round.',
];
