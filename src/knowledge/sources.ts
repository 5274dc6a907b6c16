/**
 * The named public sources a knowledge entry may cite in its `source` field, with the full reference.
 * Entries must use one of these keys exactly, so a typo or an unsourced name fails at load time.
 */
export const SOURCES = {
  'RESPORT Massage Therapy for Sciatica (2025)':
    'RESPORT, "Massage Therapy for Sciatica", 5 March 2025 (the seed article: muscle list, technique list, two aftercare tips).',
  'NICE CKS Sciatica 2018': 'NICE Clinical Knowledge Summaries, "Sciatica (lumbar radiculopathy)", red flags, 2018 update.',
  'NHS sciatica': 'NHS, "Sciatica" (nhs.uk): self-care, heat, staying active, when to get urgent help.',
  'NICE NG59': 'NICE guideline NG59, "Low back pain and sciatica in over 16s", recommendation 1.2.7.',
  'ACP 2017 (Qaseem et al.)':
    'Qaseem A et al., "Noninvasive Treatments for Acute, Subacute, and Chronic Low Back Pain", American College of Physicians, Ann Intern Med 2017;166:514-530.',
  'NHS Gloucestershire Red flags for spinal conditions': 'NHS Gloucestershire, "Red flags for spinal conditions".',
  'AHCPR low back pain table (NCBI NBK52120)': 'AHCPR acute low back problems red-flag table, NCBI Bookshelf NBK52120.',
  RCEM: 'Royal College of Emergency Medicine guidance on back pain red flags.',
  'Mayo Clinic Massage': 'Mayo Clinic, "Massage: Get in touch with its many benefits" (risks and precautions).',
  'NCCIH Massage therapy': 'National Center for Complementary and Integrative Health, "Massage Therapy: What You Need To Know".',
  'NCCIH Cupping': 'National Center for Complementary and Integrative Health, "Cupping".',
  'NHS DVT': 'NHS, "DVT (deep vein thrombosis)" (nhs.uk): symptoms and when to get urgent help.',
  'MSD Manual Lumbosacral radiculopathy': 'MSD Manual, "Lumbosacral Radiculopathy".',
  'Travell & Simons (practitioner summaries)':
    'Travell & Simons, "Myofascial Pain and Dysfunction: The Trigger Point Manual", referral patterns and self-stretches as summarised by practitioners.',
} as const satisfies Record<string, string>;

/** A key of {@link SOURCES}. */
export type SourceName = keyof typeof SOURCES;

/** True when `name` is one of the named sources. */
export const isSourceName = (name: string): name is SourceName => Object.prototype.hasOwnProperty.call(SOURCES, name);
