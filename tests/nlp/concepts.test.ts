import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../../src/nlp/analyzer';
import conceptsJson from '../../src/nlp/data/concepts.json';
import contextJson from '../../src/nlp/data/context.json';
import { ConceptLexiconSchema, ContextRulesSchema, PhraseMatcher, compileTerm, splitSentences } from '../../src/nlp/concepts';
import type { Analysis } from '../../src/nlp/types';

const analyzer = new TextAnalyzer();
const reader = analyzer.concepts.reader;
const tokensOf = (text: string): string[] => (analyzer as unknown as { prepareText(t: string): { tokens: string[] } }).prepareText(text).tokens;
const ids = (xs: ReadonlyArray<{ id: string }>) => xs.map((x) => x.id).sort();
const read = (text: string): Analysis => analyzer.analyze(text);

/** A term as a person would type it: a prefix gets an ending, a gap gets nothing. */
function sampleOf(term: string): string {
  return term
    .split(' ')
    .filter((w) => w !== '~')
    .map((w) => (w.endsWith('*') ? `${w.slice(0, -1)}ing` : w))
    .join(' ');
}

describe('concept lexicon (src/nlp/data/concepts.json)', () => {
  const lexicon = ConceptLexiconSchema.parse(conceptsJson);

  it.each(Object.entries(lexicon.concepts).map(([id, c]) => [id, c.terms] as const))('every term of %s is found when typed on its own', (id, terms) => {
    const missed = terms.filter((t) => !reader.rawMentions(tokensOf(sampleOf(t))).some((h) => h.value === id));
    expect(missed).toEqual([]);
  });

  it('rejects a malformed entry at load', () => {
    expect(ConceptLexiconSchema.safeParse({ concepts: { 'site.leg': { kind: 'site', terms: ['Leg'] } } }).success).toBe(false);
    expect(ConceptLexiconSchema.safeParse({ concepts: { 'site.leg': { kind: 'site', terms: ['~ leg'] } } }).success).toBe(false);
    expect(ConceptLexiconSchema.safeParse({ concepts: { 'site.leg': { kind: 'organ', terms: ['leg'] } } }).success).toBe(false);
    expect(ConceptLexiconSchema.safeParse({ concepts: { leg: { kind: 'site', terms: ['leg'] } } }).success).toBe(false);
    expect(() => new TextAnalyzer({ concepts: { concepts: { 'site.leg': { kind: 'site', terms: [] } } } })).toThrow(/concepts\.json is invalid/);
  });

  it('rejects a flag rule over an unknown concept', () => {
    const rules = { rules: [{ id: 'x', flag: 'fever', tier: 'asserted', all: [['hist.nothing']], examples: ['a'], notExamples: ['b'] }] };
    expect(() => new TextAnalyzer({ flagRules: rules })).toThrow(/unknown concept hist\.nothing/);
  });
});

describe('context rules (src/nlp/data/context.json)', () => {
  it('load and every trigger normalises to words', () => {
    const ctx = ContextRulesSchema.parse(contextJson);
    for (const r of ctx.rules) for (const t of r.triggers) expect(compileTerm(t, tokensOf).length, t).toBeGreaterThan(0);
  });
});

describe('phrase matcher', () => {
  const m = new PhraseMatcher<string>();
  m.add(compileTerm('numb*', (w) => [w]), 'numb');
  m.add(compileTerm('lift ~ with my hands', (w) => [w]), 'lift');
  it('matches prefixes and bounded gaps, never across punctuation', () => {
    expect(m.scan('my leg is numbish'.split(' ')).map((h) => h.value)).toEqual(['numb']);
    expect(m.scan('i lift the leg with my hands'.split(' ')).map((h) => h.value)).toEqual(['lift']);
    expect(m.scan('i lift , then rest with my hands'.split(' ')).map((h) => h.value)).toEqual([]);
    expect(m.scan('i lift it up and over with my hands'.split(' ')).map((h) => h.value)).toEqual([]);
  });
  it('splits sentences and tells a report from the question after it', () => {
    const s = splitSentences('both legs now , is that normal ?'.split(' '));
    expect(s).toHaveLength(1);
    expect(s[0]?.question).toBe(true);
    expect(s[0]?.questionStart).toBe(4);
  });
});

describe('concept families', () => {
  it.each([
    ['loss of function in a limb', 'my right leg just will not obey me these days', 'leg-weakness'],
    ['hands needed to move the leg', 'getting out of bed I have to lift my leg with both hands', 'leg-weakness'],
    ['foot that scuffs', 'my left toes keep scraping the pavement when I walk', 'leg-weakness'],
    ['complete loss of feeling in a foot', 'there is no feeling whatsoever in my left foot', 'leg-weakness'],
    ['changed feeling in the saddle area', 'it feels weird around my back passage since Monday', 'saddle-numbness'],
    ['numb when wiping', 'when I wipe it feels like cotton wool', 'saddle-numbness'],
    ['lost awareness of the bladder', 'I cannot tell when my bladder is full anymore', 'bladder-bowel'],
    ['cannot finish', 'I never feel like I have emptied my bladder', 'bladder-bowel'],
    ['cannot start', 'I stand at the toilet and nothing comes when I try to pee', 'bladder-bowel'],
    ['no feeling passing urine', 'I can not feel the wee come out any more', 'bladder-bowel'],
    ['a leg that will not bear weight', 'since lunchtime my right leg will not hold me up', 'leg-weakness'],
    ['the other side too', 'now the right one is tingling as well', 'bilateral'],
    ['both legs, sudden', 'both my feet went numb overnight', 'bilateral'],
    ['hit by someone', 'my nephew tackled me at rugby and my lower back has hurt since', 'trauma'],
    ['night sweats', 'I keep waking up soaked in sweat and my back is worse', 'fever'],
    ['cancer history', 'I had chemo for lymphoma a while back and now my back hurts', 'cancer'],
    ['weight loss', 'I have lost a stone without meaning to', 'weight-loss'],
  ])('%s: "%s" asserts %s', (_class, text, flag) => {
    const a = read(text);
    expect(ids(a.redFlags), JSON.stringify(a.explanations)).toContain(flag);
  });

  it('reports every asserted flag, not the first', () => {
    expect(ids(read('I fell off a ladder, now both legs tingle and I cannot hold my wee').redFlags)).toEqual(['bilateral', 'bladder-bowel', 'trauma']);
  });
});

describe('modifiers', () => {
  it('negation before the finding', () => {
    const a = read('there is no weakness in either leg and no numbness down below');
    expect(a.redFlags).toEqual([]);
    expect(a.possibleRedFlags).toEqual([]);
  });

  it('negation after the finding, in a clause of its own', () => {
    expect(read('the nurse asked about leaking and I told him none').redFlags).toEqual([]);
    expect(read('fevers? none. weight loss? nope').redFlags).toEqual([]);
    expect(read('did I lose control of my bowels? no.').redFlags).toEqual([]);
    expect(read('bladder and bowels are working fine').redFlags).toEqual([]);
  });

  it('someone else is not the person, unless the writer is their carer', () => {
    expect(read('my brother cannot feel his feet, I just have a sore bum').redFlags).toEqual([]);
    expect(read('my aunt had breast cancer but my own trouble is a tight hamstring').redFlags).toEqual([]);
    expect(ids(read('writing for my dad, he has lost control of his bladder and his back is bad').redFlags)).toContain('bladder-bowel');
    expect(ids(read('our neighbour knocked me off my bike and now my hip hurts').redFlags)).toContain('trauma');
  });

  it('resolved or long-ago events are not flags', () => {
    expect(read('I broke my ankle as a child, now my bum aches when I sit').redFlags).toEqual([]);
    expect(read('I had a temperature last month but it went away').redFlags).toEqual([]);
  });

  it('hypothetical and general questions are asked about, not asserted', () => {
    const a = read('what should I do if I ever lose feeling down below?');
    expect(a.redFlags).toEqual([]);
    expect(a.askedAboutRedFlags).toContain('saddle-numbness');
    const b = read('is numbness in both feet an emergency?');
    expect(b.redFlags).toEqual([]);
    expect(b.askedAboutRedFlags).toContain('bilateral');
    expect(read('where exactly is the perineum?').redFlags).toEqual([]);
  });

  it('a report followed by a question is still a report', () => {
    expect(ids(read('pain down both legs since yesterday, is that bad?').redFlags)).toContain('bilateral');
  });

  it('a hedge makes a flag possible, never asserted', () => {
    const a = read('my calf feels a bit numb');
    expect(a.redFlags).toEqual([]);
    expect(ids(a.possibleRedFlags)).toEqual(['leg-weakness']);
    const b = read('my left leg might be slightly weaker than usual');
    expect(b.redFlags).toEqual([]);
    expect(ids(b.possibleRedFlags)).toEqual(['leg-weakness']);
  });

  it('weight lost on purpose is not a flag; weight lost without trying is', () => {
    expect(read('I have lost 6 kg on a diet and my hip aches').redFlags).toEqual([]);
    expect(ids(read('I have lost 6 kg and I am not dieting').redFlags)).toEqual(['weight-loss']);
  });

  it('idioms and exertion are not findings', () => {
    expect(read('my legs turned to jelly before my speech').redFlags).toEqual([]);
    expect(read('I nearly wet myself laughing at the film').redFlags).toEqual([]);
    expect(read('I fell asleep on the train and my neck is stiff').redFlags).toEqual([]);
  });
});

describe('contraindications', () => {
  it('stated ones are listed with their evidence; denied ones apart', () => {
    const a = read('I am on apixaban and 12 weeks pregnant');
    expect(ids(a.contraindications)).toEqual(['blood-thinners', 'pregnancy']);
    const b = read('I am not pregnant and I take no blood thinners');
    expect(b.contraindications).toEqual([]);
    expect([...b.deniedContraindications].sort()).toEqual(['blood-thinners', 'pregnancy']);
    expect(read('my sister is pregnant and I have a sore bum').contraindications).toEqual([]);
  });
});

describe('explanations', () => {
  it('name the rule and the concepts behind each flag, contraindication, muscle and intent', () => {
    const a = read('I have osteoporosis and my foot drags when I walk');
    const flag = a.explanations.find((e) => e.kind === 'redFlag' && e.id === 'leg-weakness');
    expect(flag?.rule).toMatch(/leg-weakness/);
    expect(flag?.concepts.map((c) => c.concept)).toEqual(expect.arrayContaining(['site.lowerlimb', 'func.weak']));
    expect(a.explanations.some((e) => e.kind === 'contraindication' && e.id === 'osteoporosis-fracture-surgery')).toBe(true);
    expect(a.explanations.some((e) => e.kind === 'intent')).toBe(true);
    const m = read('deep ache in my bum when I drive');
    expect(m.explanations.some((e) => e.kind === 'muscle' && e.id === m.muscles[0]?.id)).toBe(true);
  });
});

describe('out of scope that looks in scope', () => {
  it.each([
    'what do people usually tip after a sports massage?',
    'can I claim the massage back on my health insurance?',
    'my boss wants a fit note for my sciatica, who writes it?',
    'is there a fee if I cancel my massage the same day?',
    'can I get disability benefits for a bad back?',
  ])('"%s" is out_of_scope', (text) => {
    expect(read(text).intent).toBe('out_of_scope');
  });
});

describe('bad input gets a clean analysis', () => {
  const big = 'my back hurts and I cannot feel my left foot at all. '.repeat(2000);
  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['100 KB', big],
    ['emoji', '😭😭 my 🍑 hurts 🔥🔥'],
    ['other scripts', 'мне больно 坐骨神经痛 ألم في الظهر'],
    ['control characters', 'my\u0000 back\u0007 hurts\u001b[31m'],
    ['lone surrogate', 'numb \ud800 legs'],
    ['not a string', 42 as unknown as string],
  ])('%s', (_name, text) => {
    const a = analyzer.analyze(text);
    expect(Array.isArray(a.redFlags)).toBe(true);
    expect(Array.isArray(a.possibleRedFlags)).toBe(true);
    expect(Array.isArray(a.contraindications)).toBe(true);
    expect(typeof a.intent).toBe('string');
  });
  it('finds a flag far into a long message', () => {
    expect(ids(analyzer.analyze(`${'my bum aches when I drive. '.repeat(400)}and now I have wet myself twice`).redFlags)).toContain('bladder-bowel');
  });
});

describe('intent from concepts', () => {
  it.each([
    ['technique_info', 'I take rivaroxaban, would deep tissue on my hip be ok?'],
    ['technique_info', 'I have brittle bones, can I still have cupping on my back?'],
    ['symptom', 'I am on apixaban, is a massage safe for me?'],
    ['symptom', 'what does cauda equina actually mean?'],
    ['out_of_scope', 'my knees knocked giving a talk at work, how do I calm my nerves?'],
    ['symptom', 'I laughed so hard my bum cheek cramped and it still aches'],
    ['technique_info', 'my lower back is stiff, which is better for it, myofascial release or trigger point?'],
    ['aftercare', 'is a hot water bottle ok on my back while I am pregnant?'],
  ])('%s: "%s"', (intent, text) => {
    const a = read(text);
    expect(a.intent, JSON.stringify(a.explanations.find((e) => e.kind === 'intent'))).toBe(intent);
  });
});
