import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/nlp';
import { readDialogue } from '../../src/nlp/dialogue';
import { computeScopes } from '../../src/nlp/negation';
import { cleanText, prepare } from '../../src/nlp/text';
import type { Command, FollowUpAsk } from '../../src/nlp/types';

// Through the real analyzer: its normaliser (slang, contractions, typos), negation scopes and technique finder.
const analyzer = createAnalyzer();
const read = (text: string) => analyzer.analyze(text);

describe('commands, read on the whole message', () => {
  it.each<[string, Command]>([
    ['cancel', 'cancel'],
    ['Cancel.', 'cancel'],
    ['stop', 'cancel'],
    ['ok stop', 'cancel'],
    ['OK, stop please', 'cancel'],
    ['never mind', 'cancel'],
    ['nevermind', 'cancel'],
    ['nvm', 'cancel'],
    ['never mind, cancel', 'cancel'],
    ['no, cancel that', 'cancel'],
    ['no cancel that', 'cancel'],
    ['nah forget it', 'cancel'],
    ['forget it', 'cancel'],
    ['please stop asking me questions', 'cancel'],
    ['quit', 'cancel'],
    ['can we stop now', 'cancel'],
    ['I want to stop', 'cancel'],
    ['sorry, I give up', 'cancel'],
    ['pls just stop', 'cancel'],
    ["I'm done", 'cancel'],
    ['exit', 'cancel'],
    ['what do you recommend for me?', 'last-time'],
    ['whats the best massage for me then', 'last-time'],
    ['so what would you suggest?', 'last-time'],
    ["forget it, I'll stop here", 'cancel'],
    ["let's leave it there", 'cancel'],
    ['can we not do this right now', 'cancel'],
    ["I don't want to answer that, cancel", 'cancel'],
    ["I don't want to do this anymore", 'cancel'],
    ['enough questions', 'cancel'],
    ['start over', 'start-over'],
    ['Start again!', 'start-over'],
    ['can we start again', 'start-over'],
    ["let's start over", 'start-over'],
    ['restart', 'start-over'],
    ['I want to start from scratch', 'start-over'],
    ['can we go back to the beginning', 'start-over'],
    ['never mind, start again', 'start-over'],
    ['reset please', 'start-over'],
    ['new conversation', 'start-over'],
    ['help', 'help'],
    ['Help!', 'help'],
    ['help?', 'help'],
    ['what can you do?', 'help'],
    ['what can I ask', 'help'],
    ['how does this work?', 'help'],
    ["I'm confused", 'help'],
    ['menu please', 'help'],
    ['what now', 'help'],
    ['ok what now?', 'help'],
    ['can you help me', 'help'],
    ['Fine, cancel it', 'cancel'],
    ['alright stop', 'cancel'],
    ['STOP IT', 'cancel'],
    ['thanks, bye', 'cancel'],
    ["let's just drop it", 'cancel'],
    ['actually I changed my mind', 'cancel'],
    ['ignore that', 'cancel'],
    ['please reset the conversation', 'start-over'],
    ['are you a real doctor?', 'help'],
    ['what can I ask you?', 'help'],
    ['how does this bot work', 'help'],
    ['what are my options here', 'help'],
    ['hmm where do I start', 'help'],
    ['huh?', 'help'],
    ["I'm not sure what to ask", 'help'],
    ['what kind of questions can you answer', 'help'],
    ['please forget everything about me', 'forget-me'],
    ['delete my data', 'forget-me'],
    ['Please delete my data', 'forget-me'],
    ['forget me', 'forget-me'],
    ['erase all my details', 'forget-me'],
    ['can you wipe everything you know about me', 'forget-me'],
    ['remove my information please', 'forget-me'],
    ["thanks for the help, now delete everything I told you", 'forget-me'],
    ["don't keep my data", 'forget-me'],
    ['I want to be forgotten', 'forget-me'],
    ['what did you suggest last time?', 'last-time'],
    ['last time', 'last-time'],
    ['What did you recommend?', 'last-time'],
    ['remind me what you said last time', 'last-time'],
    ['show me my last results', 'last-time'],
    ["what was your previous advice", 'last-time'],
    ['can I see my last assessment', 'last-time'],
    ['what were your suggestions last time', 'last-time'],
    ['previous session please', 'last-time'],
    ['what was the plan again?', 'last-time'],
    ['what did you say before?', 'last-time'],
    ['show me what you suggested before', 'last-time'],
    ['can you repeat your advice', 'last-time'],
    ['no thanks', 'decline'],
    ['No thanks!', 'decline'],
    ['no, thank you', 'decline'],
    ['nothing else', 'decline'],
    ["I'm good, thanks", 'decline'],
    ["that's all for now", 'decline'],
    ['that is all, thanks', 'decline'],
    ['not now', 'decline'],
    ['nah, all set', 'decline'],
    // Leaving says cancel too, with or without a filler in front.
    ["never mind, I'll come back later", 'cancel'],
    ['ugh forget it', 'cancel'],
    ['gotta run', 'cancel'],
    ['sorry, I have to go now', 'cancel'],
    ["I'll check back tomorrow", 'cancel'],
    ['talk to you later', 'cancel'],
    ['some other time, thanks', 'cancel'],
  ])('%j -> %s', (text, command) => {
    expect(read(text).command).toBe(command);
  });

  // Descriptions and answers that merely contain a command word.
  it.each([
    "No, it doesn't stop me sleeping",
    "it won't stop hurting",
    'I stopped running',
    'cancelled my physio',
    "the pain doesn't stop",
    'no',
    'nothing',
    'not sure',
    'help me with my back pain',
    'does heat help?',
    'what helps sciatica?',
    'I forget things',
    'delete',
    'please don’t delete my data',
    'never forget me',
    'my physio told me to start again with gentle walking',
    'it started again last week',
    'the last time I sat for long my bum hurt',
    'my last massage hurt',
    'the last time I ran my bum ached',
    'it hurts more than last time',
    'tell me why my last massage hurt',
    'you said to use heat before the massage',
    'what should I do before a massage',
    "I'm fine",
    'all good',
    'help, my legs have gone numb',
    'I had to stop driving because my bum hurts',
    'stop sign hit my car and now my back hurts',
    'my end of day pain is the worst',
    'stop, my legs have gone numb',
    'help!! my legs are numb and I can\'t pee',
    'can you help me with my sciatica',
    'cancel the massage I booked',
    'I want to cancel my massage appointment',
    "I don't want to start over",
    'please don\'t stop',
    "can't stop thinking about it",
    'how do I stop the pain',
    'what did you mean by saddle?',
    'I have to go to the loo all the time',
    'I need to leave work early most days because of my back',
    'will the numbness come back later?',
  ])('%j is no command', (text) => {
    expect(read(text).command).toBeNull();
  });

  it('a command leaves the answer neutral, so "no, cancel that" is never "no"', () => {
    expect(read('no, cancel that').answer).toEqual({ yesNo: null, screening: null, alreadyTold: false });
    expect(read('nope, start over').answer.yesNo).toBeNull();
  });

  it('"I already told you" is taken out before the answer is read', () => {
    expect(read('as I said before, no').answer).toEqual({ yesNo: 'no', screening: 'none', alreadyTold: true });
    expect(read('I told you already, none of them').answer).toEqual({ yesNo: 'no', screening: 'none', alreadyTold: true });
    expect(read('I said none').answer).toEqual({ yesNo: 'no', screening: 'none', alreadyTold: true });
    expect(read('I said my bum hurts').answer.alreadyTold).toBe(false);
  });

  it('a decline still answers no', () => {
    expect(read('no thanks').answer.yesNo).toBe('no');
  });
});

describe('answers', () => {
  it.each<[string, 'yes' | 'no' | null]>([
    ['yes', 'yes'],
    ['Yeah, into my calf', 'yes'],
    ['yep', 'yes'],
    ['yup!', 'yes'],
    ['it does', 'yes'],
    ['I do', 'yes'],
    ['does a bit', 'yes'],
    ['it does sometimes', 'yes'],
    ['a little', 'yes'],
    ['sure', 'yes'],
    ['of course', 'yes'],
    ['ok yes', 'yes'],
    ['I think so', 'yes'],
    ['no', 'no'],
    ['nope', 'no'],
    ['nah', 'no'],
    ["no, it doesn't", 'no'],
    ["No, it doesn't stop me sleeping", 'no'],
    ["it doesn't go past my knee", 'no'],
    ['not really', 'no'],
    ['never', 'no'],
    ["I don't think so", 'no'],
    ['not that I know of', 'no'],
    ["don't think so", 'no'],
    ['No. It stays above my knee', 'no'],
    ['i did', 'yes'],
    ['nothing', 'no'],
    ['not sure', null],
    ["I don't know", null],
    ['dunno', null],
    ['maybe', null],
    ['', null],
    ['purple', null],
    ['is cupping safe if im on blood thinners', null],
    ['does massage help sciatica?', null],
    ['I have pain in my bum only', null],
    ['do you do home visits', null],
    ["I can't lift my foot", null],
    ["I don't feel my foot", null],
    ['it hurts when I sit', null],
  ])('yes/no %j -> %s', (text, yesNo) => {
    expect(read(text).answer.yesNo).toBe(yesNo);
  });

  it.each<[string, 'none' | 'yes' | 'unsure' | null]>([
    ['None of these', 'none'],
    ['none', 'none'],
    ['no', 'none'],
    ['Nope.', 'none'],
    ['nah', 'none'],
    ['none of them', 'none'],
    ['not really', 'none'],
    ['no to all of those', 'none'],
    ["I don't have any of those", 'none'],
    ['nothing like that', 'none'],
    ["no, I'm not pregnant", 'none'],
    ['all good on those', 'none'],
    ['I already told you, none', 'none'],
    ['as I said, no', 'none'],
    ['Yes, one of these', 'yes'],
    ['yes', 'yes'],
    ['yeah', 'yes'],
    ['Yes, one or more', 'yes'],
    ['some of them', 'yes'],
    ['a couple of those', 'yes'],
    ['Not sure', 'unsure'],
    ["I don't know", 'unsure'],
    ['maybe', 'unsure'],
    ['idk', 'unsure'],
    ['no idea', 'unsure'],
    ["I'm not sure", 'unsure'],
    ['possibly the first one', 'unsure'],
    ['hmm not sure tbh', 'unsure'],
    ['erm maybe', 'unsure'],
    ['yes to the first one', 'yes'],
    ["yes I'm on blood thinners", 'yes'],
    ['nope, none', 'none'],
    ['none of the above', 'none'],
    ['a rash I think, not sure', 'unsure'],
    // A "none" taken back is not none: the dialogs read the stated conditions instead.
    ["none, except I'm pregnant", null],
    ['no but I take warfarin', null],
    ['purple', null],
    ['', null],
    ['🙂', null],
  ])('screening %j -> %s', (text, screening) => {
    expect(read(text).answer.screening).toBe(screening);
  });

  it.each([
    'I already told you, none',
    'I told you already',
    'as I said, no',
    'like I said, my bum hurts when I sit',
    'you already asked me that',
    'I said that already!',
    "I've already answered that",
    'I just told you, no',
    'see above',
    'as I said before, no',
    'nope. already told you',
    "I already said I'm pregnant",
  ])('already told: %j', (text) => {
    expect(read(text).answer.alreadyTold).toBe(true);
  });

  it.each([
    "I haven't told you yet, but I'm pregnant",
    'I never said that',
    'I told her none',
    'the physio asked about bladder trouble and I told her none',
    'my doctor said I should rest',
    'I said to my wife it hurts',
  ])('not already told: %j', (text) => {
    expect(read(text).answer.alreadyTold).toBe(false);
  });
});

describe('questions', () => {
  it.each([
    'what is cupping?',
    'what is cupping',
    'Tell me about the piriformis',
    'does massage help',
    'the glutes?',
    'how often should I get one',
    'can I still have deep tissue',
    'is it normal to be sore after',
    'should I see a doctor',
    'why does it hurt when I sit',
    'I was wondering if cupping is safe',
    "I'm on warfarin, is cupping ok",
    'where should I put the heat pack',
    'any tips for sleeping',
    'which stretch is best',
    'are there any risks',
    'did my sitting cause this',
    'did the massage make it worse',
    'how long does the soreness last',
    'can massage help',
    'could deep tissue help my glutes',
    'will it hurt',
    'can pregnant women have massage',
  ])('question: %j', (text) => {
    expect(read(text).isQuestion).toBe(true);
  });

  it.each([
    'in my hamstring',
    'it stays above the knee',
    'sitting makes it worse',
    'when I sit down it hurts more',
    'what I feel is a deep ache',
    'how it started was lifting a box',
    'did yoga yesterday and now my bum aches',
    'have had it for weeks',
    "can't sit for long",
    'was sitting all day',
    'I can have cupping on Tuesday',
    'where it hurts is my left buttock',
    'yes',
    'no thanks',
    // The subject left out: a statement that starts with a modal.
    'can feel it in my calf',
    'could barely walk yesterday',
    'would love some advice',
    'should be fine',
    'must have pulled something',
    'had a fall on the ice',
    'have had this for weeks now',
    'was the worst night ever',
  ])('not a question: %j', (text) => {
    expect(read(text).isQuestion).toBe(false);
  });
});

describe('follow-up asks', () => {
  it.each<[string, FollowUpAsk]>([
    ['can I still have deep tissue?', 'technique-safety'],
    ['is cupping ok for me?', 'technique-safety'],
    ["I'm on warfarin, is cupping ok?", 'technique-safety'],
    ['oh wait, I take clopidogrel after my stent. can I still have deep tissue?', 'technique-safety'],
    ['is deep tissue safe with my osteoporosis', 'technique-safety'],
    ['should I avoid trigger point therapy?', 'technique-safety'],
    ['would swedish massage be alright for me', 'technique-safety'],
    ['am I allowed cupping if I had a DVT', 'technique-safety'],
    ['any risks with cupping for me?', 'technique-safety'],
    ['cupping on blood thinners, is that ok?', 'technique-safety'],
    ['can I have a massage if I have diabetes?', 'technique-safety'],
    ['is it safe for me to get trigger point work done', 'technique-safety'],
    ['what massage is safe in pregnancy?', 'pregnancy-massage'],
    ['can I get a massage while pregnant?', 'pregnancy-massage'],
    ["I'm pregnant, can I have cupping on my lower back?", 'pregnancy-massage'],
    ["I'm 24 weeks pregnant, is deep tissue ok?", 'pregnancy-massage'],
    ['is it safe to have a massage in the first trimester', 'pregnancy-massage'],
    ['which massage is ok during pregnancy', 'pregnancy-massage'],
    ['how often should I get one', 'frequency'],
    ['how often?', 'frequency'],
    ['how often should I have a massage for sciatica', 'frequency'],
    ['how many sessions will I need?', 'frequency'],
    ['is once a week too much for deep tissue?', 'frequency'],
    ['can I have a massage every day?', 'frequency'],
    ['how soon can I book another session', 'frequency'],
    ['how frequently do you recommend massage', 'frequency'],
    ['heat or ice?', 'heat-or-ice'],
    ['ice or heat for sciatica?', 'heat-or-ice'],
    ['should I use a heat pack before my massage', 'heat-or-ice'],
    ['hot or cold?', 'heat-or-ice'],
    ['can I put a hot water bottle on it', 'heat-or-ice'],
    ['is a warm bath ok after a massage?', 'heat-or-ice'],
    ['should I ice it', 'heat-or-ice'],
    ['does heat help?', 'heat-or-ice'],
    ['sore the day after my massage, normal?', 'soreness-after'],
    ['is it normal to feel sore after a massage', 'soreness-after'],
    ['my back hurts more since the massage yesterday, is that ok?', 'soreness-after'],
    ['bruised after cupping, should I worry?', 'soreness-after'],
    ['why do I ache the next day after deep tissue', 'soreness-after'],
    ['how long does soreness after a deep tissue massage last?', 'soreness-after'],
    ['deep tissue vs Swedish?', 'compare'],
    ['deep tissue vs swedish', 'compare'],
    ['which is better, cupping or deep tissue', 'compare'],
    ["what's the difference between myofascial release and trigger point therapy?", 'compare'],
    ['deep tissue or swedish for me?', 'compare'],
    ['is trigger point better than deep tissue for my piriformis', 'compare'],
    ['swedish compared to deep tissue?', 'compare'],
    ['is cupping worth it?', 'worth-it'],
    ['does massage actually work for sciatica', 'worth-it'],
    ['will massage cure my sciatica?', 'worth-it'],
    ['is there any evidence for cupping', 'worth-it'],
    ['is deep tissue worth the money', 'worth-it'],
    ['does cupping really help?', 'worth-it'],
    ['is massage a waste of money?', 'worth-it'],
    ['does massage help sciatica?', 'worth-it'],
    ['is cupping safe while breastfeeding?', 'technique-safety'],
    ['can I get deep tissue on my hamstrings?', 'technique-safety'],
    ['my wife is pregnant, can she have a massage?', 'pregnancy-massage'],
    ['should I do heat before or after the massage', 'heat-or-ice'],
    ['is it normal to feel worse after a massage?', 'soreness-after'],
    ['can I have a massage every week?', 'frequency'],
    ['which is better for me, swedish or myofascial release?', 'compare'],
    ['does cupping work?', 'worth-it'],
    ['is it worth getting a massage for sciatica', 'worth-it'],
    ['Is deep tissue massage okay with osteoporosis?', 'technique-safety'],
    ['I have a DVT, can I have a massage?', 'technique-safety'],
    ['Can someone on blood thinners have cupping', 'technique-safety'],
    ['is it ok to have cupping with eczema', 'technique-safety'],
    ['would cupping be a problem with my warfarin', 'technique-safety'],
    ['should I still go for my deep tissue appointment?', 'technique-safety'],
    ['deep tissue ok?', 'technique-safety'],
    ['is cupping dangerous?', 'technique-safety'],
    ['can I get NMT?', 'technique-safety'],
    ['Can pregnant women have massage?', 'pregnancy-massage'],
    ["I'm expecting, is massage ok?", 'pregnancy-massage'],
    ['massage when pregnant?', 'pregnancy-massage'],
    ['how regularly should I go', 'frequency'],
    ['how many massages do I need', 'frequency'],
    ['should I go weekly?', 'frequency'],
    ['how long should I wait between massages?', 'frequency'],
    ['can I have another massage tomorrow?', 'frequency'],
    ['should I put ice on it?', 'heat-or-ice'],
    ['hot bath or cold shower?', 'heat-or-ice'],
    ['warm or cold compress?', 'heat-or-ice'],
    ["my legs ache after yesterday's massage, is that normal", 'soreness-after'],
    ['feeling worse after the massage?', 'soreness-after'],
    ['why am I so sore after my massage', 'soreness-after'],
    ['swedish or deep tissue?', 'compare'],
    ['how is neuromuscular different from deep tissue', 'compare'],
    ['is cupping the same as deep tissue?', 'compare'],
    ['is cupping a scam?', 'worth-it'],
    ['will deep tissue fix my sciatica?', 'worth-it'],
    ['does myofascial release actually do anything', 'worth-it'],
    ['is there proof massage helps', 'worth-it'],
    ['should I book swedish or sports massage?', 'compare'],
    ['can I have deep tissue or swedish?', 'compare'],
    ['how effective is cupping for sciatica?', 'worth-it'],
  ])('%j -> %s', (text, ask) => {
    expect(read(text).ask).toBe(ask);
  });

  // Descriptions, other questions and reports that share words with an ask.
  it.each([
    'I had cupping last week and the marks are still there',
    'deep tissue helped a lot last time',
    'my therapist used heat and ice',
    'I have been having massages every week',
    "I'm 24 weeks pregnant and my bum hurts",
    "I'm on warfarin",
    'the cold makes my leg ache',
    'my leg feels cold, is that serious?',
    'a burning heat down my leg, is that sciatica?',
    'how often does sciatica come back?',
    'how often do I have to pee',
    'how often should I stretch?',
    'is the pain worth worrying about?',
    'it was worth every penny',
    'what is cupping?',
    'what is deep tissue massage',
    'tell me about swedish and deep tissue',
    "I'd like deep tissue or swedish",
    'my bum is sore after sitting all day',
    'I felt sore after my massage last week and then it got better',
    'what helps sciatica?',
    'what massage helps sciatica?',
    'my therapist said cupping is safe for me',
    'I can have cupping on Tuesday',
    'what is the saddle area?',
    'how much should I tip my massage therapist?',
    'my wife had deep tissue and swedish last month',
    'what is the best massage for sciatica?',
    'is deep tissue going to hurt?',
    'will cupping leave marks?',
    'I was sore after my massage, what stretches can I do?',
    'sore after massage',
    'oh wait, I take clopidogrel after my stent',
    "it's probably nothing, just give me some stretches",
    'can I have it?',
    // Ice and heat that are no remedy.
    'slipped on the ice last week, now my back and bum are sore',
    'had a fall on black ice, is that why it hurts?',
    // How a technique works is technique information, not whether it works.
    'how does myofascial release work?',
    'how does massage help sciatica?',
    // Care around a massage is aftercare, not the massage itself.
    'can I take a shower after my massage?',
    'what should I avoid before a massage?',
    'is it ok to lie on my side after a massage?',
    'how should I get ready for my first session?',
    'how soon can I go running after a sports massage?',
    'what can I do at home between sessions?',
    'is it ok to lift weights after a massage?',
  ])('%j asks nothing', (text) => {
    expect(read(text).ask).toBeNull();
  });
});

describe('asking for their own plan, not for advice in general', () => {
  it.each(['what do you recommend for sciatica?', 'what is the best massage for sciatica?', 'the best massage for me was swedish'])('%j is no "last time"', (text) => {
    expect(read(text).command).not.toBe('last-time');
  });
});

describe('soreness the day after a treatment, without naming it', () => {
  it.each([
    'sore the next day, normal?',
    'Sore the day after - is that normal??',
    'stiff the morning after, is that ok?',
    "I'm achy and tender the day after, should I worry?",
    'really bruised the next day. expected?',
    'is it normal to be this stiff the following day',
    'feeling a bit battered the next morning, is that ok',
    'my bum is tender a day later, should I be worried?',
    'tight the day after it, is that normal?',
    'should I worry that I am sore the next day?',
  ])('%j -> soreness-after', (text) => {
    expect(read(text).ask).toBe('soreness-after');
  });

  it.each([
    // The pain itself, coming back every day or after everyday things.
    'my back always aches the next morning, is that normal?',
    'every time I sit at my desk I am sore the next day, is that normal?',
    'sore the next day after gardening, normal?',
    // No question about it.
    'sore the next day',
    'I was stiff the next day and then it got better',
  ])('%j asks nothing', (text) => {
    expect(read(text).ask).toBeNull();
  });
});

describe('items picked by number from a list', () => {
  it.each<[string, number[]]>([
    ['2', [2]],
    [' 3 ', [3]],
    ['1 and 3', [1, 3]],
    ['1, 3', [1, 3]],
    ['2 or 4', [2, 4]],
    ['number 4', [4]],
    ['option 1', [1]],
    ['the second one', [2]],
    ['2nd', [2]],
    ['ok, 5', [5]],
  ])('%j picks %j', (text, picks) => {
    expect(read(text).answer.picks).toEqual(picks);
  });

  it.each(['2 weeks ago', 'for 3 days', 'I am 40', 'none of these', 'yes', 'my left leg', '0'])('%j picks nothing', (text) => {
    expect(read(text).answer.picks).toBeUndefined();
  });
});

describe('muscles the text names outright', () => {
  it.each<[string, string[]]>([
    ['tell me about the QL', ['quadratus-lumborum']],
    ['my glute med and psoas', ['glutes', 'hip-flexors']],
    ['stretches for my hammies', ['hamstrings']],
    ['what is the piriformus?', ['piriformis']],
    ['psoas then piriformis then psoas again', ['hip-flexors', 'piriformis']],
  ])('%j names %j', (text, named) => {
    expect(read(text).namedMuscles).toEqual(named);
  });

  it.each(['my bum hurts when I sit', 'qualms', 'the back of my thigh is tight', 'hello'])('%j names none (inferred muscles are not named ones)', (text) => {
    expect(read(text).namedMuscles).toBeUndefined();
  });
});

describe('misspelt commands and answers', () => {
  it.each<[string, Command]>([
    ['cancle', 'cancel'],
    ['cancell that', 'cancel'],
    ['stpo', 'cancel'],
    ['strat again', 'start-over'],
    ['start agian pls', 'start-over'],
    ['hlep', 'help'],
    ['delet my data', 'forget-me'],
    ['forgt me', 'forget-me'],
    ['nver mind', 'cancel'],
  ])('%j -> %s', (text, command) => {
    expect(read(text).command).toBe(command);
  });

  it.each<[string, 'yes' | 'no' | null, 'none' | 'yes' | 'unsure' | null]>([
    ['yess', 'yes', 'yes'],
    ['yse', 'yes', 'yes'],
    ['noo', 'no', 'none'],
    ['nopee', 'no', 'none'],
    ['not shure', null, 'unsure'],
  ])('%j -> %s / %s', (text, yesNo, screening) => {
    expect(read(text).answer).toMatchObject({ yesNo, screening });
  });

  // Real words one slip from a command word stay what they are.
  it.each(['tanks', 'the ever present ache', 'gain weight', 'my start date'])('%j', (text) => {
    expect(read(text).command).toBeNull();
  });
});

describe('bad input', () => {
  it.each(['', ' ', '😀🙏', 'у меня болит спина', '\u0000\u0007', 'stop '.repeat(3000), '? '.repeat(500), 'no, '.repeat(2000)])(
    'a neutral or plain reading, never an exception: %j',
    (text) => {
      const a = read(text);
      expect(a.answer).toBeDefined();
      expect(typeof a.isQuestion).toBe('boolean');
    },
  );

  it('a long message is no bare command', () => {
    expect(read('stop '.repeat(3000)).command).toBeNull();
  });

  it('reads a prepared text without the analyzer (plain normaliser)', () => {
    const text = prepare(cleanText("Never mind, I'd like to start over"), () => null);
    expect(readDialogue(text, computeScopes(text.tokens), []).command).toBe('start-over');
  });
});

describe('nothing else applies, beside named items or after them', () => {
  it.each([
    'only that',
    'just that one',
    "that's all",
    'that is it really',
    'nothing else',
    'none of the others',
    'no, none of the other ones apply',
    "I don't have any of the others",
    "I'm on rivaroxaban, nothing else",
    'warfarin and nothing else',
    'pregnant, that is all thanks',
    'the clot last year but none of the others',
  ])('%j says nothing else applies', (text) => {
    expect(read(text).answer.nothingElse).toBe(true);
  });

  it.each([
    "I'm on aspirin daily",
    'I just had surgery on my knee',
    'it is only when I sit',
    'do any of the others matter?',
    'is that all?',
    'the others apply too',
    'yes',
    'none of these',
    'there is more, I also had a clot',
  ])('%j does not', (text) => {
    expect(read(text).answer.nothingElse).toBeUndefined();
  });
});

describe('readings the conversation was missing (nlu4)', () => {
  it.each([
    // Passing on a question gives nothing: the safe reading, "not sure", and no command (nothing is cancelled).
    'skip',
    'Skip this one',
    'skip that question please',
    "I'd rather not say",
    'pass',
    'next question',
  ])('%j passes on the question: not sure, no command', (text) => {
    const a = read(text);
    expect(a.command).toBeNull();
    expect(a.answer.screening).toBe('unsure');
    expect(a.answer.yesNo).toBeNull();
  });

  it.each(['skip the stretches, just tell me about massage', 'I skip breakfast most days and my back aches'])('%j is not passing on anything', (text) => {
    expect(read(text).answer.screening).not.toBe('unsure');
  });

  it.each(['a little bit', 'just a little bit', 'a tiny bit', 'only slightly', 'a tad', 'a tiny bit yeah', 'on and off', 'it does a little bit'])(
    '%j at a yes/no check is a yes, however small',
    (text) => {
      expect(read(text).answer.yesNo).toBe('yes');
    },
  );

  it.each(['a little bit of pain in my calf', 'a bit worried about the cost'])('%j says more than a degree: no yes', (text) => {
    expect(read(text).answer.yesNo).toBeNull();
  });

  it.each<[string, FollowUpAsk]>([
    ['will i be sore tomorrow?', 'soreness-after'],
    ['am I going to feel stiff afterwards?', 'soreness-after'],
    ['will it ache tonight?', 'soreness-after'],
    ['is my bum going to be bruised for days?', 'soreness-after'],
    ['ice or heat for the pain', 'heat-or-ice'],
    ['heat or cold for my sciatica', 'heat-or-ice'],
    ['hot or ice pack tonight', 'heat-or-ice'],
    ['so what kind of massage CAN i have', 'technique-safety'],
    ['which massage can I have then?', 'technique-safety'],
    ['what sort of treatments could I still get', 'technique-safety'],
  ])('%j -> %s', (text, ask) => {
    expect(read(text).ask).toBe(ask);
  });

  it.each([
    // The pain itself, or a feeling, not a massage's after-effect or a remedy.
    'will the pain be gone tomorrow?',
    'my back is always sore, will it ache tomorrow too?',
    'I cannot feel hot or cold properly on my shin',
    'I get hot or cold flushes at night',
    // Asks something else as well: the other question is the one answered.
    'what happens in an NMT session and will I be sore after?',
  ])('%j asks no follow-up', (text) => {
    expect(read(text).ask).toBeNull();
  });
});

describe('a question about the name of an emergency (cues.json flagTerms)', () => {
  it.each(['what does cauda equina mean?', 'what is CES?', 'what does cauda equina syndrome stand for', 'never heard of cord compression, what is it?'])(
    '%j asks about its signs',
    (text) => {
      const a = read(text);
      expect(a.askedAboutRedFlags).toEqual(['saddle-numbness', 'bladder-bowel']);
      expect(a.redFlags).toEqual([]);
      expect(a.intent).toBe('symptom');
    },
  );

  it.each(['do I have cauda equina?', 'my GP ruled out cauda equina last year', 'what is cauda equina? my bum has gone numb and I wet myself'])(
    '%j is not a question about the term only',
    (text) => {
      const a = read(text);
      expect(a.askedAboutRedFlags.length === 0 || a.redFlags.length > 0).toBe(true);
    },
  );
});
