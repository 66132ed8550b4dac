// Reading a key result's statement the way an OKR coach does: is it an output (work done) or an
// outcome (a metric that moves)? Is the metric a vanity total? Is there a number at all, a starting
// value, a target? Word lists + morphology + sentence structure; no sentence is special-cased.
// Offsets in the result are UTF-16 offsets into the statement text.

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  kind: 'word' | 'number' | 'symbol';
  /** For numbers: true when the token measures something (not a year, date, ordinal or id). */
  quantity?: boolean;
  /** For numbers: the unit glued to it, lower-cased (`%`, `k`, `ms`, …). */
  suffix?: string;
  /** For numbers: a currency sign in front. */
  currency?: boolean;
}

export interface Trigger {
  /** The words as written. */
  text: string;
  start: number;
  end: number;
}

export interface OutputFinding extends Trigger {
  /** Base form of the verb or participle (`launch`). */
  lemma: string;
  kind: 'deliverable' | 'activity';
  /** How it was recognised: the leading verb, a status participle (`… launched`), or an activity count (`number of blog posts`). */
  via: 'verb' | 'participle' | 'count';
}

export interface KrAnalysis {
  tokens: Token[];
  output: OutputFinding | null;
  vanity: Trigger | null;
  /** Has a number or a word that states an amount (double, zero, twice…). */
  measurable: boolean;
  /** States a starting value (`from 40%`, `40% → 55%`, `currently 40%`). */
  hasBaseline: boolean;
  /** States where the metric should end up (`to 55%`, `by 20%`, `below 300ms`, `double`, `reach 10k`). */
  hasTarget: boolean;
  /** A "stay" KR (keep, maintain, or a bare threshold like `Uptime ≥ 99.9%`): a threshold, not a journey. */
  stay: boolean;
  /** The leading verb's base form when the statement starts with one. */
  verb: string | null;
}

// ---------------------------------------------------------------------------------------------
// Lexicon. Verbs are listed in their base form; inflections come from `lemma()`.

/** Building or shipping a thing. */
const DELIVERABLE_VERBS = new Set(
  'launch relaunch redo replatform rebrand restructure enter reorganize reorganise ship release build create develop design redesign implement migrate switch adopt stand spin obtain pass refresh deploy roll introduce add integrate refactor rewrite upgrade document draft produce deliver complete finish set establish automate standardize standardise consolidate replace prototype pilot revamp overhaul update translate localize localise publish open finalize finalise install configure enable instrument port convert rebuild rearchitect re-architect modernize modernise sunset deprecate decommission remove setup create'.split(' '),
);
/** Doing work: the effort, not its effect. */
const ACTIVITY_VERBS = new Set(
  'hire recruit write run conduct hold host give sit shadow organize organise attend train onboard interview survey test plan prepare define evaluate review audit analyze analyse research investigate explore identify select choose start begin kick record send email call contact visit meet present speak participate join sponsor submit file collect gather fix close resolve respond answer reply do perform hold teach mentor coach onboard outreach post tweet blog attend organise map assess benchmark study spike triage refine brainstorm workshop negotiate coordinate facilitate schedule arrange procure purchase buy distribute print edit curate compile summarize summarise outline sketch wireframe announce promote advertise pitch demo showcase exhibit screen archive rename'.split(' '),
);
/** -ize verbs that state an improvement rather than a piece of work ("Optimize checkout", "Minimize churn"). */
const IZE_IMPROVEMENTS = new Set('optimize optimise maximize maximise minimize minimise prioritize prioritise stabilize stabilise monetize monetise incentivize incentivise energize energise revitalize revitalise capitalize capitalise mobilize mobilise emphasize emphasise recognize recognise realize realise'.split(' '));

/** "Digitize", "containerize", "productize": making something into a new form is a piece of work. */
function isTransformVerb(word: string): boolean {
  return /^[a-z]{4,}i[sz]e$/.test(word) && !IZE_IMPROVEMENTS.has(word);
}

/** Relocating work ("Move our CI to self-hosted runners") unless a number moves ("Move NPS from 30 to 45"). */
const MOVE_VERBS = new Set('move shift transfer relocate'.split(' '));
/** Business results that an activity verb can have as object: "Close 12 deals" is a result, "Close 200 tickets" is work. */
const RESULT_OBJECTS = new Set('deal deals contract contracts round renewals renewal bookings'.split(' '));
/** Objects that make "build"/"create" a change in how people feel, not a deliverable: "Build trust with buyers". */
const ABSTRACT_OBJECTS = new Set('trust brand relationships relationship awareness culture reputation confidence credibility loyalty presence momentum alignment habits habit goodwill rapport engagement understanding excitement demand'.split(' '));
/** Verbs that state a change in a metric. */
export const CHANGE_VERBS = new Set(
  'increase grow raise boost improve lift expand accelerate double triple quadruple halve reduce decrease cut lower drop shrink shorten minimize minimise decline slash trim speed bring drive push get take convert retain acquire generate earn win sign land secure gain attract reach achieve attain hit exceed surpass beat'.split(' '),
);
const DECREASE_VERBS = new Set('reduce decrease cut lower drop shrink shorten minimize minimise decline slash trim halve eliminate'.split(' '));
/** Verbs of a "stay" KR: hold a threshold. */
const STAY_VERBS = new Set('maintain keep sustain hold stay remain preserve protect ensure guarantee avoid'.split(' '));
/** Verbs that set a target without naming a start (reach 10k, achieve 40%). */
const TARGET_VERBS = new Set('add reach achieve attain hit exceed surpass get secure generate earn win sign land gain attract acquire close move'.split(' '));

/** Participles that report a deliverable's status in a verbless statement ("Pricing page launched"). */
const STATUS_WORDS = new Set(
  'launched shipped released delivered deployed published implemented migrated built completed complete finished done live available hired conducted written created designed developed redesigned rolled installed integrated approved ready finalized finalised certified'.split(' '),
);

/** Things a team produces: counting them counts work, not results. */
const DELIVERABLE_NOUNS = new Set(
  'feature features page pages site website app apps release releases version versions mvp prototype prototypes pilot pilots dashboard dashboards report reports playbook playbooks policy policies campaign campaigns post posts article articles blog blogs video videos webinar webinars podcast podcasts episode episodes newsletter newsletters case studies whitepaper whitepapers ebook ebooks guide guides doc docs tutorial tutorials course courses training trainings workshop workshops event events meetup meetups conference conferences hackathon hackathons experiment experiments interview interviews survey surveys meeting meetings call calls demo demos presentation presentations talk talks pr prs commit commits integration integrations api apis sdk sdks endpoint endpoints migration migrations rollout redesign refactor hire hires roadmap strategy spec specs rfc rfcs audit certification tool tools plugin plugins connector connectors template templates email emails initiative initiatives project projects deliverable deliverables milestone milestones task tasks story stories ticket-fixes runbook runbooks launch launches'.split(' '),
);
/** Who a result happens to: a statement about them is not a deliverable's status. */
const PEOPLE = new Set('customers users teams partners clients developers agencies accounts merchants patients students employees members buyers sellers readers listeners creators donors volunteers people reps'.split(' '));
/** Health metrics: a bare threshold on them is a level to keep ("Uptime ≥ 99.9%"). */
const HEALTH_WORDS = new Set('uptime availability latency p50 p90 p95 p99 error errors incidents incident sla slo slos budget burn crash crashes downtime outages outage mttr'.split(' '));
/** Head nouns that make a compound a metric ("Release frequency", "Test coverage", "Build time"). */
const METRIC_HEADS = new Set(
  'rate rates ratio frequency time times coverage velocity cadence duration latency speed score scores share percentage count volume success quality throughput uptime availability lead cycle turnaround accuracy cost costs conversion retention adoption usage satisfaction nps csat health reliability efficiency yield margin'.split(' '),
);
/** Headcount in disguise: "Grow the team from 10 to 14". */
const HEADCOUNT_NOUNS = new Set('team headcount staff engineers hires employees'.split(' '));
/** Nouns naming the delivery of something, as a statement's subject: "Rollout of SSO". */
const EVENT_NOUNS = new Set('rollout launch migration implementation deployment release delivery completion introduction creation development redesign setup kickoff'.split(' '));
/** Events that complete a deliverable: "Achieve full rollout of SSO". */
const COMPLETION_NOUNS = new Set('rollout completion launch delivery migration implementation deployment release go-live certification sign-off certified compliance'.split(' '));

const DETERMINERS = new Set('a an the our their my your its this that these those new all every each some one two three four five six seven eight nine ten'.split(' '));
const FILLERS = new Set('we i will shall must should to successfully fully completely finally also and then first formally officially'.split(' '));

const NUMBER_WORDS = new Set(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion dozen half twice double triple quadruple halve doubled tripled halved nines'.split(' '),
);
const MULTIPLIER_WORDS = new Set('double triple quadruple halve twice'.split(' '));
const FREQUENCY_WORDS = new Set('hourly daily weekly biweekly fortnightly monthly quarterly yearly annually annual'.split(' '));

/** Words whose following number is part of a name, not an amount. */
const NAMED_NUMBERS = new Set('soc iso wcag pci tier level type phase stage series version release node python java php ruby ios android windows article section step sev severity priority line room building plant floor ward gate zone gen chapter part module wave sprint rfc'.split(' '));
const MONTHS = new Set('jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december'.split(' '));
const YEAR_CONTEXT = new Set('in by of for since until before after end during fy from through the our this next fiscal'.split(' '));
/** Units that may be glued to or follow a number and make it a measure. */
const UNIT_SUFFIXES = new Set(['', '%', 'k', 'm', 'b', 'bn', 'mm', 'ms', 's', 'sec', 'secs', 'min', 'mins', 'h', 'hr', 'hrs', 'd', 'x', 'pp', 'pt', 'pts', 'gb', 'mb', 'tb', 'kb']);

const IRREGULAR: Record<string, string> = {
  ran: 'run', wrote: 'write', written: 'write', built: 'build', held: 'hold', began: 'begin', begun: 'begin', chose: 'choose', chosen: 'choose',
  made: 'make', did: 'do', done: 'do', got: 'get', gotten: 'get', brought: 'bring', won: 'win', kept: 'keep', drove: 'drive', driven: 'drive',
  grew: 'grow', grown: 'grow', sent: 'send', met: 'meet', led: 'lead', took: 'take', taken: 'take', spoke: 'speak', spoken: 'speak', rose: 'raise',
  taught: 'teach', set: 'set', cut: 'cut', hit: 'hit', shut: 'shut', put: 'put', rebuilt: 'rebuild', rewrote: 'rewrite', rewritten: 'rewrite',
};

const ALL_VERBS = new Set([...MOVE_VERBS, ...DELIVERABLE_VERBS, ...ACTIVITY_VERBS, ...CHANGE_VERBS, ...STAY_VERBS, 'eliminate', 'make', 'have', 'become', 'see', 'stay']);

/** Base form of a verb form (`shipped` → `ship`, `applies` → `apply`); null when it is not a known verb. */
export function lemma(word: string, lexicon: Set<string> = ALL_VERBS): string | null {
  let w = word.toLowerCase().replace(/’/g, "'");
  // Phrasal verbs written with a hyphen: "kick-off", "roll-out", "set-up".
  const phrasal = /^([a-z]+)-(off|out|up|in)$/.exec(w);
  if (phrasal) w = phrasal[1];
  // "re-platform", "re-design": doing a piece of work again is still a piece of work.
  // ("re-engage", "re-activate" win people back: results, not work).
  if (/^re-[a-z]{3,}$/.test(w) && lexicon.has('redo') && !/^re-(engage|activate|convert|enable|capture|gain)/.test(w)) return 'redo';
  if (lexicon.has(w)) return w;
  if (IRREGULAR[w] && lexicon.has(IRREGULAR[w])) return IRREGULAR[w];
  for (const suffix of ['ing', 'ed', 'es', 's', 'd']) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 2) continue;
    const stem = w.slice(0, -suffix.length);
    const candidates = [stem, stem + 'e'];
    if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) candidates.push(stem.slice(0, -1));
    if (stem.endsWith('i')) candidates.push(stem.slice(0, -1) + 'y');
    for (const c of candidates) if (lexicon.has(c)) return c;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Tokens

const TOKEN_RE = /[$€£¥]\s?\d[\d,]*(?:\.\d+)?[a-zA-Z%]*|\d[\d,]*(?:\.\d+)?(?:[a-zA-Z%]+|\s?%)?|[\p{L}][\p{L}\p{M}\p{N}'’-]*|->|=>|[≥≤→<>=+±~/#]|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const start = m.index;
    const first = raw[0];
    if (/[$€£¥\d]/.test(first)) {
      const currency = /[$€£¥]/.test(first);
      const body = raw.replace(/^[$€£¥]\s?/, '');
      const suffix = body.replace(/^[\d,.]+\s?/, '').toLowerCase();
      tokens.push({ text: raw, lower: raw.toLowerCase(), start, end: start + raw.length, kind: 'number', suffix, currency });
    } else if (/\p{L}/u.test(first)) {
      tokens.push({ text: raw, lower: raw.toLowerCase().replace(/’/g, "'"), start, end: start + raw.length, kind: 'word' });
    } else {
      tokens.push({ text: raw, lower: raw, start, end: start + raw.length, kind: 'symbol' });
    }
  }
  tokens.forEach((t, i) => {
    if (t.kind === 'number') t.quantity = isQuantity(text, tokens, i);
  });
  return tokens;
}

function isQuantity(text: string, tokens: Token[], i: number): boolean {
  const t = tokens[i];
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (t.currency) return true;
  if (!UNIT_SUFFIXES.has(t.suffix ?? '')) {
    // `1st`, `2FA`, `3D`: ordinals and names, unless the word after is a unit spelled out (`3 days` is split anyway).
    return /^(days?|weeks?|hours?|minutes?|seconds?|mins?|pts|points)$/.test(t.suffix ?? '');
  }
  // Names: "4K monitors", "24/7 support", "a 4-day release train" (a number inside an adjective).
  if (/^\d+K$/.test(t.text) && next && next.kind === 'word' && /^(monitors?|displays?|video|screens?|tvs?|resolution|streaming|content)$/.test(next.lower)) return false;
  if ((t.text === '24' && next?.text === '/' && tokens[i + 2]?.text === '7') || (t.text === '7' && prev?.text === '/' && tokens[i - 2]?.text === '24')) return false;
  if (next && next.text === '-' && next.start === t.end && tokens[i + 2]?.kind === 'word' && tokens[i + 2].start === next.end && isWord(prev, 'a', 'an', 'the', 'our')) return false;
  // Glued to a word before it: `p95`, `Q3` are words already; `#1` is a rank.
  if (prev && prev.end === t.start && (prev.text === '#' || prev.kind === 'word')) return false;
  // Names that carry a number: "SOC 2", "ISO 27001", "Tier 1", "Node 20", "Series B" (no unit, right after the name).
  if (!t.suffix && prev && prev.end < t.start && prev.kind === 'word' && NAMED_NUMBERS.has(prev.lower)) return false;
  // A selection, not an amount: "for our top 3 customers".
  const before2 = tokens[i - 2];
  const selection = isWord(before2, 'our', 'my', 'their', 'your', 'for', 'with') || (isWord(before2, 'the') && !isWord(tokens[i - 3], 'reach', 'into', 'in', 'to', 'get', 'make', 'remain', 'stay', 'break', 'hit', 'enter', 'crack'));
  if (isWord(prev, 'top', 'bottom') && selection) return false;
  // ISO dates and times: 2026-03-31, 10:30.
  if (/^\d{4}$/.test(t.text) && text[t.end] === '-' && /\d/.test(text[t.end + 1] ?? '')) return false;
  if (prev && prev.end === t.start && (prev.text === '-' || prev.text === ':')) return false;
  if (next && next.start === t.end && next.text === ':') return false;
  // Days next to a month name: `March 15`, `15 March`.
  if ((prev && prev.kind === 'word' && MONTHS.has(prev.lower)) || (next && next.kind === 'word' && MONTHS.has(next.lower))) {
    if (/^\d{1,2}$/.test(t.text)) return false;
  }
  // Years: `in 2026`, `by end of 2026`, `March 2026`.
  if (/^(19|20)\d\d$/.test(t.text) && prev && prev.kind === 'word' && (YEAR_CONTEXT.has(prev.lower) || MONTHS.has(prev.lower) || /^[qh][1-4]$/.test(prev.lower))) return false;
  return true;
}

const isQ = (t: Token | undefined): boolean => !!t && t.kind === 'number' && !!t.quantity;
const isWord = (t: Token | undefined, ...words: string[]): boolean => !!t && t.kind === 'word' && words.includes(t.lower);

// ---------------------------------------------------------------------------------------------
// Structure

/** Where the main clause starts: skips fillers ("We will successfully …") and a leading time phrase ("By end of Q2, …"). */
function clauseStart(tokens: Token[]): number {
  let i = 0;
  // A label the parser did not take as the id: "KR 1.2:", "Key result 3:".
  const colon = tokens.findIndex((t, k) => k < 5 && t.text === ':');
  const isLabel = (t: Token) => t.kind === 'number' || isWord(t, 'kr', 'key', 'result', 'okr', 'stretch', 'bonus', 'goal', 'target') || (t.kind === 'word' && (/^[qh][1-4]$/.test(t.lower) || MONTHS.has(t.lower)));
  if (colon > 0 && tokens.slice(0, colon).every(isLabel)) i = colon + 1;
  const comma = tokens.findIndex((t, k) => k >= i && k < i + 8 && t.text === ',');
  if (comma > i && isWord(tokens[i], 'by', 'in', 'before', 'during', 'within', 'until', 'for', 'this', 'next', 'end', 'q1', 'q2', 'q3', 'q4', 'h1', 'h2')) i = comma + 1;
  // Leading decoration: emoji, bullets, brackets (not comparison signs, which carry meaning).
  while (i < tokens.length && tokens[i].kind === 'symbol' && !['≥', '≤', '<', '>', '→', '->', '+', '±', '~', '#'].includes(tokens[i].text)) i++;
  while (i < tokens.length && tokens[i].kind === 'word' && (FILLERS.has(tokens[i].lower) || (/ly$/.test(tokens[i].lower) && tokens[i].lower.length > 4 && !lemma(tokens[i].lower)))) i++;
  return i;
}

/** A verb-looking first word that is really a modifier in a metric name: "Release frequency", "Build time", "Hiring funnel conversion". */
function isNounCompound(tokens: Token[], i: number): boolean {
  const own = lemma(tokens[i].lower);
  // Change and stay verbs take a metric as object: "Reduce p95 latency", "Keep uptime ≥ 99.9%".
  if (own && (CHANGE_VERBS.has(own) || STAY_VERBS.has(own)) && !DELIVERABLE_VERBS.has(own) && !ACTIVITY_VERBS.has(own)) return false;
  const next = tokens[i + 1];
  if (!next) return true;
  if (next.kind !== 'word') return next.text === '→' || next.text === '->' || next.text === '≥' || next.text === '≤';
  if (DETERMINERS.has(next.lower)) return false;
  // "Onboarding completed by 60% of users": a gerund subject followed by its participle.
  if (/ing$/.test(tokens[i].lower) && (/ed$/.test(next.lower) || IRREGULAR[next.lower]) && lemma(next.lower)) return true;
  if (isWord(next, 'from', 'is', 'are', 'below', 'above', 'under', 'over', 'of', 'stays', 'remains')) return next.lower !== 'of' || !!tokens[i + 2];
  for (let k = i + 1; k < Math.min(tokens.length, i + 4); k++) {
    const t = tokens[k];
    if (t.kind !== 'word') break;
    // The metric name must end there: "Release frequency from 2 to 8", not "Implement rate limiting".
    const after = tokens[k + 1];
    const endsName = !after || after.kind !== 'word' || ['from', 'to', 'of', 'at', 'below', 'above', 'under', 'over', 'by', 'is', 'are', 'per', 'in', 'stays', 'remains', 'within'].includes(after.lower);
    if (METRIC_HEADS.has(t.lower) && endsName) return true;
    if (DETERMINERS.has(t.lower) || ALL_VERBS.has(t.lower) || ['to', 'for', 'with', 'on', 'in', 'into', 'and'].includes(t.lower)) break;
  }
  return false;
}

/** "…, lifting conversion from 2% to 3%", "… to reduce p95 by 30%", "… that generates $1M": a measured effect of the work. */
function hasMeasuredEffect(tokens: Token[], from: number): boolean {
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    const base = lemma(t.lower, CHANGE_VERBS) ?? lemma(t.lower, STAY_VERBS);
    if (!base || base === 'get' || base === 'take') continue;
    // Only a verb that opens a clause ("…, lifting", "to reduce", "and increase"), not "the remaining 12 services".
    const prev = tokens[k - 1];
    if (!prev || !(['to', 'and', 'so', 'that', 'which', 'thereby', 'thus', 'while', 'by', 'then'].includes(prev.lower) || [',', ';', '—', '–', '-', '('].includes(prev.text))) continue;
    // The measured effect must carry a number after the verb.
    if (tokens.slice(k + 1).some((u) => isQ(u) || (u.kind === 'word' && MULTIPLIER_WORDS.has(u.lower)))) return true;
  }
  return false;
}

/** "Resolve 90% of tickets within 24h", "Ship 95% of releases without a rollback": a service level, not a work count. */
function hasServiceLevel(tokens: Token[], from: number): boolean {
  const share = tokens.findIndex((t, k) => k >= from && ((isQ(t) && t.suffix === '%') || isWord(t, 'all', 'every')));
  if (share < 0) return false;
  return tokens.slice(share + 1).some((t, k, rest) => isWord(t, 'within', 'without', 'under') || (isWord(t, 'on') && isWord(rest[k + 1], 'time')) || t.lower === 'on-time' || (isWord(t, 'in') && isWord(rest[k + 1], 'under', 'less')));
}

function findOutput(tokens: Token[], start: number): OutputFinding | null {
  const first = tokens[start];
  if (!first) return null;
  // "Roll-out of the new HR system", "Launch of the partner API": the event of delivering something.
  if (first.kind === 'word' && EVENT_NOUNS.has(first.lower.replace('-', '')) && isWord(tokens[start + 1], 'of', 'to') && !tokens.some(isQ)) {
    return { text: first.text, start: first.start, end: first.end, lemma: first.lower, kind: 'deliverable', via: 'participle' };
  }
  if (first.kind === 'word') {
    const verb = lemma(first.lower);
    const isOutputVerb = verb !== null && (DELIVERABLE_VERBS.has(verb) || ACTIVITY_VERBS.has(verb)) && !CHANGE_VERBS.has(verb);
    // `-s` forms are not imperatives ("Builds stay green 95% of the time").
    const plausibleForm = !/[^s]s$/.test(first.lower) || first.lower === verb;
    // "Hold monthly burn under $400k" keeps a threshold; "Hold 3 workshops" is work.
    if (verb && STAY_VERBS.has(verb) && hasThreshold(tokens, start + 1)) return null;
    // "Get the new pricing page live": a verb of causing plus a deliverable's status.
    if (verb && ['get', 'make', 'have', 'bring'].includes(verb)) {
      // "Get ready for the peak season" is an idiom, not a deliverable's status.
      const status = tokens.slice(start + 1).find((t, k, rest) => t.kind === 'word' && STATUS_WORDS.has(t.lower) && !(t.lower === 'ready' && isWord(rest[k + 1], 'for')));
      if (status && !tokens.some((t) => isQ(t) && t.suffix === '%')) return { text: `${first.text} … ${status.text}`, start: first.start, end: status.end, lemma: lemma(status.lower) ?? status.lower, kind: 'deliverable', via: 'participle' };
    }
    // "Make the onboarding video": making a deliverable.
    if (verb === 'make' || verb === 'have') {
      // The object's head: the last of the leading nouns ("a new careers page", "the onboarding video").
      const object = tokens.slice(start + 1, start + 6);
      const made = object.find((t, k) => t.kind === 'word' && DELIVERABLE_NOUNS.has(t.lower) && !(object[k + 1] && object[k + 1].kind === 'word' && DELIVERABLE_NOUNS.has(object[k + 1].lower)));
      const next = made ? tokens[tokens.indexOf(made) + 1] : undefined;
      // "Make our APIs easier to adopt" improves a thing; "Make the onboarding video and …" produces one.
      const producesIt = !next || next.kind !== 'word' || ['and', 'for', 'to', 'with', 'about', 'on', 'in', 'that', 'which', 'by', 'live', 'ready', 'published', 'shipped'].includes(next.lower);
      if (made && producesIt) return { text: first.text, start: first.start, end: first.end, lemma: verb, kind: 'deliverable', via: 'verb' };
    }
    // "Add $2M in net new ARR": money is a result, not a work count.
    if (tokens[start + 1]?.kind === 'number' && tokens[start + 1].currency) return null;
    const movesNumber = verb !== null && MOVE_VERBS.has(verb) && tokens.slice(start + 1).some(isQ);
    const resultObject = verb === 'close' && tokens.slice(start + 1, start + 5).some((t) => t.kind === 'word' && RESULT_OBJECTS.has(t.lower));
    // "Build trust with buyers", "Build a stronger employer brand": the object's head is a feeling or standing.
    const abstractHead = !!verb && ['build', 'create', 'develop', 'establish', 'foster', 'earn', 'gain', 'cultivate', 'deepen', 'strengthen'].includes(verb) && tokens.slice(start + 1, start + 5).some((t, k, rest) => {
      const after = rest[k + 1] ?? tokens[start + 5];
      const isHead = !after || after.kind !== 'word' || ['with', 'among', 'in', 'across', 'for', 'between', 'of', 'and', 'around', 'through'].includes(after.lower);
      return t.kind === 'word' && ABSTRACT_OBJECTS.has(t.lower) && isHead;
    });
    if (abstractHead) return null;
    if (verb && (isOutputVerb || (MOVE_VERBS.has(verb) && !movesNumber)) && !resultObject && plausibleForm && !isNounCompound(tokens, start)) {
      // "set up", "roll out", "kick off": take the particle into the trigger.
      const particle = tokens[start + 1] && isWord(tokens[start + 1], 'up', 'out', 'off', 'in') && ['set', 'roll', 'kick', 'sign', 'stand', 'spin'].includes(verb) ? tokens[start + 1] : null;
      const after = start + (particle ? 2 : 1);
      // A stated start and end is a measured change whatever the verb ("Close the books in 5 days instead of 10").
      if (hasMeasuredEffect(tokens, after) || hasServiceLevel(tokens, after) || hasMovement(tokens)) return null;
      const end = particle ? particle.end : first.end;
      return { text: tokens.slice(start, after).map((t) => t.text).join(' '), start: first.start, end, lemma: verb, kind: ACTIVITY_VERBS.has(verb) ? 'activity' : 'deliverable', via: 'verb' };
    }
    // "Sign off the brand identity": an approval step.
    if (verb === 'sign' && isWord(tokens[start + 1], 'off')) {
      return { text: `${first.text} ${tokens[start + 1].text}`, start: first.start, end: tokens[start + 1].end, lemma: 'sign', kind: 'activity', via: 'verb' };
    }
    // "Cut a new release": producing a deliverable, not cutting a number.
    if (verb === 'cut') {
      const object = tokens.slice(start + 1, start + 4).find((t) => t.kind === 'word' && !DETERMINERS.has(t.lower));
      if (object && ['release', 'build', 'branch', 'version', 'tag'].includes(object.lower)) return { text: first.text, start: first.start, end: first.end, lemma: 'cut', kind: 'deliverable', via: 'verb' };
    }
    // "Take ownership of the roadmap": taking on work, not moving a number.
    if (verb === 'take' && isWord(tokens[start + 1], 'ownership', 'charge', 'responsibility', 'over')) {
      return { text: `${first.text} ${tokens[start + 1].text}`, start: first.start, end: tokens[start + 1].end, lemma: 'take', kind: 'activity', via: 'verb' };
    }
    if (verb && CHANGE_VERBS.has(verb)) return countedWork(tokens, start, verb);
    if (verb) return null;
    if (isTransformVerb(first.lower) && !isNounCompound(tokens, start) && !hasMeasuredEffect(tokens, start + 1) && !tokens.some((t) => isQ(t) && (t.suffix === '%' || t.currency))) {
      return { text: first.text, start: first.start, end: first.end, lemma: first.lower, kind: 'deliverable', via: 'verb' };
    }
  }
  return statusOutput(tokens, start);
}

/** A change verb whose object is counted work ("Increase the number of blog posts from 4 to 12", "Grow the team from 10 to 14", "Achieve full rollout of SSO"). */
function countedWork(tokens: Token[], start: number, verb: string): OutputFinding | null {
  if (DECREASE_VERBS.has(verb)) return null;
  const object = tokens.slice(start + 1, start + 8);
  const ofIdx = object.findIndex((t, k) => isWord(t, 'number', 'count', 'amount') && isWord(object[k + 1], 'of'));
  // "the average number of podcasts per user" is a per-user figure, not a work count.
  const perEntity = tokens.some((t, k) => isWord(t, 'per') && tokens[k + 1]?.kind === 'word' && !FREQUENCY_WORDS.has(tokens[k + 1].lower) && !/^(day|week|month|quarter|year|sprint|hour)s?$/.test(tokens[k + 1].lower));
  if (ofIdx >= 0 && !isWord(object[ofIdx - 1], 'average', 'mean', 'median', 'avg') && !perEntity) {
    const noun = object.slice(ofIdx + 2).find((t) => t.kind === 'word' && !DETERMINERS.has(t.lower) && !['new', 'published', 'shipped', 'completed'].includes(t.lower));
    // Only the noun phrase right after "number of": "blog posts", "customer interviews" (up to a relative clause).
    const phrase = object.slice(ofIdx + 2, ofIdx + 5);
    const boundary = phrase.findIndex((t) => t.kind !== 'word' || ['we', 'they', 'you', 'i', 'our', 'that', 'which', 'who', 'per', 'from', 'to', 'in', 'each', 'every', 'with'].includes(t.lower));
    const heads = boundary < 0 ? phrase : phrase.slice(0, boundary);
    // "the number of customers we talk to": a relative clause whose verb is an activity counts that activity.
    const clauseVerb = boundary >= 0 && isWord(phrase[boundary], 'we', 'they', 'you', 'i') ? lemma(tokens[tokens.indexOf(phrase[boundary]) + 1]?.lower ?? '', new Set([...ACTIVITY_VERBS, 'talk', 'speak'])) : null;
    if (clauseVerb && heads.length) {
      const end = tokens[tokens.indexOf(phrase[boundary]) + 1];
      return { text: `number of ${heads.map((t) => t.text).join(' ')} ${phrase[boundary].text} ${end.text}`, start: object[ofIdx].start, end: end.end, lemma: clauseVerb, kind: 'activity', via: 'count' };
    }
    const at = heads.findIndex((t, k) => DELIVERABLE_NOUNS.has(t.lower) && !heads.slice(0, k).some((h) => METRIC_HEADS.has(h.lower) || h.lower === 'who' || h.lower === 'that'));
    let last = at;
    while (last >= 0 && last + 1 < heads.length && DELIVERABLE_NOUNS.has(heads[last + 1].lower)) last++;
    // "the number of experiments that reach significance" counts results, not work.
    const filtered = last >= 0 && last === heads.length - 1 && boundary >= 0 && isWord(phrase[boundary], 'that', 'which', 'who', 'with');
    if (filtered) return null;
    const deliverable = at >= 0 ? heads[last] : undefined;
    if (noun && deliverable) return { text: `number of ${heads.slice(at, last + 1).map((t) => t.text).join(' ')}`, start: object[ofIdx].start, end: deliverable.end, lemma: deliverable.lower, kind: 'activity', via: 'count' };
  }
  // "Expand into 2 new markets": entering places is a launch, not a metric.
  if (verb === 'expand' && isWord(tokens[start + 1], 'into', 'to', 'in')) {
    const place = tokens.slice(start + 2, start + 6).find((t) => t.kind === 'word' && /^(markets?|countries|country|regions?|cities|city|states?|territories|verticals?|segments?)$/.test(t.lower));
    if (place) return { text: `${tokens[start].text} ${tokens[start + 1].text}`, start: tokens[start].start, end: tokens[start + 1].end, lemma: 'expand', kind: 'deliverable', via: 'verb' };
  }
  if (['increase', 'grow', 'expand', 'double', 'triple', 'raise'].includes(verb)) {
    const head = object.find((t) => t.kind === 'word' && !DETERMINERS.has(t.lower) && !['engineering', 'sales', 'support', 'product', 'design', 'data'].includes(t.lower));
    if (head && HEADCOUNT_NOUNS.has(head.lower)) return { text: tokens[start].text + ' … ' + head.text, start: tokens[start].start, end: head.end, lemma: 'hire', kind: 'activity', via: 'count' };
  }
  if (['achieve', 'reach', 'attain', 'get', 'complete'].includes(verb)) {
    // "Achieve full rollout of SSO", "Achieve SOC 2 Type II certification": the completion of a deliverable.
    const event = object.find((t) => t.kind === 'word' && COMPLETION_NOUNS.has(t.lower));
    const noNumbers = !object.some(isQ);
    if (event && noNumbers) return { text: event.text, start: event.start, end: event.end, lemma: event.lower, kind: 'deliverable', via: 'count' };
  }
  return null;
}

/** Verbless statements that report a deliverable's status: "New pricing page live by March 15", "12 customer interviews completed". */
function statusOutput(tokens: Token[], start: number): OutputFinding | null {
  // "Go from 3 to 10 customers live on SSO": a movement from a baseline is a metric.
  if (findBaseline(tokens)) return null;
  for (let k = start; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    if (ALL_VERBS.has(t.lower) && CHANGE_VERBS.has(t.lower)) return null;
    // Also the participle of any work verb: "Support tickets triaged by AI".
    const workParticiple = /ed$/.test(t.lower) && (() => {
      const v = lemma(t.lower);
      return !!v && (DELIVERABLE_VERBS.has(v) || ACTIVITY_VERBS.has(v)) && !CHANGE_VERBS.has(v) && !tokens.some((u) => isQ(u) && u.suffix === '%') && !tokens.some((u) => isWord(u, 'within'));
    })();
    const isStatus = (STATUS_WORDS.has(t.lower) && (t.lower !== 'rolled' || isWord(tokens[k + 1], 'out'))) || (isWord(t, 'in') && isWord(tokens[k + 1], 'place', 'production')) || workParticiple;
    if (!isStatus || k === start) continue;
    // People doing something ("3 partners build on the API in production") is a result, not a deliverable's status.
    const subject = tokens.slice(start, k).find((u) => u.kind === 'word' && !DETERMINERS.has(u.lower));
    if (subject && PEOPLE.has(subject.lower)) return null;
    // "Checkout available 99.95% of the time" is an availability level.
    if (t.lower === 'available' && tokens.some(isQ)) continue;
    const rest = tokens.slice(k + 1);
    // "Onboarding completed by 60% of new users" is a completion rate.
    if (isWord(rest[0], 'by') && rest.slice(1, 4).some((u) => isQ(u))) return null;
    // The subject's head noun decides: "Onboarding completion rate reached…" is a metric, "Data retention policy approved" a deliverable.
    const head = tokens.slice(start, k).filter((u) => u.kind === 'word' && !['is', 'are', 'was', 'were', 'be', 'been', 'fully', 'successfully'].includes(u.lower)).pop();
    if (head && METRIC_HEADS.has(head.lower)) return null;
    const end = isWord(t, 'in') ? tokens[k + 1].end : t.end;
    const lem = lemma(t.lower) ?? t.lower;
    return { text: isWord(t, 'in') ? `in ${tokens[k + 1].text}` : t.text, start: t.start, end, lemma: lem, kind: 'deliverable', via: 'participle' };
  }
  // "12 blog posts per month", "Three new integrations in the marketplace": counted deliverables without a verb.
  const lead = tokens[start];
  if (lead && (isQ(lead) || (lead.kind === 'word' && NUMBER_WORDS.has(lead.lower))) && lead.suffix !== '%') {
    // The head is the last noun of the phrase after the number: "3 new integrations", "25% more website traffic".
    const run = tokens.slice(start + 1, start + 5);
    const stop = run.findIndex((t) => t.kind !== 'word' || ['in', 'on', 'for', 'per', 'to', 'by', 'with', 'of', 'from', 'a', 'each', 'every'].includes(t.lower));
    const phrase = (stop < 0 ? run : run.slice(0, stop)).filter((t) => !DETERMINERS.has(t.lower));
    const head = phrase[phrase.length - 1];
    if (head && DELIVERABLE_NOUNS.has(head.lower) && !tokens.some((t) => t.kind === 'word' && (lemma(t.lower, CHANGE_VERBS) || METRIC_HEADS.has(t.lower)))) {
      return { text: tokens.slice(start, tokens.indexOf(head) + 1).map((t) => t.text).join(' '), start: lead.start, end: head.end, lemma: head.lower, kind: 'deliverable', via: 'count' };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Vanity metrics

/** Totals that only grow. Matched on a normalised text so "sign-ups", "sign ups" and "signups" are one term. */
const VANITY_TERMS = ['page views', 'pageviews', 'views', 'impressions', 'downloads', 'installs', 'followers', 'likes', 'upvotes', 'claps', 'listens', 'plays', 'streams', 'retweets', 'reactions', 'fans', 'subscribers', 'signups', 'registrations', 'logins', 'visits', 'visitors', 'hits', 'stars', 'mentions', 'traffic', 'users', 'user', 'members', 'accounts', 'list'];
/** Bare heads that are only vanity with a "total/registered/cumulative" in front. */
const NEEDS_TOTAL = new Set(['members', 'accounts']);
const TOTAL_WORDS = new Set('total cumulative all-time lifetime registered overall aggregate'.split(' '));
/** Qualifiers that turn a total into a behaviour worth steering by. */
const QUALIFIERS = new Set(
  'active paying paid retained returning engaged activated qualified converted premium repeat recurring productive successful net unique-active power subscribed verified churned failed'.split(' '),
);
const RATE_WORDS = new Set('rate rates ratio percent percentage share proportion conversion converting retention churn average avg mean median per cost cpa cac ctr click-through quality time value ltv arpu'.split(' '));

function normaliseForVanity(text: string): string {
  // Same length as the input so offsets stay valid.
  return text
    .toLowerCase()
    .replace(/sign[- ]ups/g, (m) => 'signups'.padEnd(m.length, ' '))
    .replace(/log[- ]ins/g, (m) => 'logins'.padEnd(m.length, ' '))
    .replace(/page[- ]views/g, (m) => 'pageviews'.padEnd(m.length, ' '))
    .replace(/’/g, "'");
}

function findVanity(text: string, tokens: Token[], verb: string | null): Trigger | null {
  if (verb && DECREASE_VERBS.has(verb)) return null;
  // A metric stated in % ("from 3% to 5%", "to 40%") is a rate, whatever it is a rate of; a relative change ("by 20%") is not.
  const relative = (k: number) => isWord(tokens[k - 1], 'by') || isWord(tokens[k + 1], 'more', 'fewer', 'less', 'increase', 'growth', 'up', 'down', 'higher', 'lower');
  const pctTarget = tokens.some((t, k) => isQ(t) && t.suffix === '%' && !relative(k));
  if (pctTarget) return null;
  const norm = normaliseForVanity(text);
  const words = tokenize(norm).filter((t) => t.kind === 'word');
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (!VANITY_TERMS.includes(w.lower)) continue;
    const before = words.slice(Math.max(0, k - 4), k).map((t) => t.lower);
    const immediate = words[k - 1]?.lower;
    const after = words.slice(k + 1, k + 3).map((t) => t.lower);
    const counted = isQ(tokens.filter((t) => t.end <= w.start).pop());
    if (w.lower === 'views' && immediate && !['page', 'video', 'profile', 'total', 'listing', 'product'].includes(immediate) && after[0] !== 'of' && !counted) continue;
    // Visits count traffic on the web; "home visits by nurses" are a service delivered.
    const web = ['website', 'site', 'web', 'blog', 'page', 'landing', 'homepage', 'unique', 'total', 'organic', 'monthly', 'weekly', 'daily', 'docs', 'app'];
    if ((w.lower === 'visits' || w.lower === 'visitors') && !counted && !before.slice(-3).some((b) => web.includes(b)) && !words.slice(k + 1, k + 5).some((a) => ['website', 'site', 'blog', 'page', 'homepage'].includes(a.lower))) continue;
    if (w.lower === 'stars' && immediate !== 'github' && !after.includes('github')) continue;
    if (w.lower === 'mentions' && !['media', 'press', 'brand', 'social'].includes(immediate ?? '')) continue;
    if (w.lower === 'hits' && !['website', 'site', 'page', 'web'].includes(immediate ?? '')) continue;
    if (w.lower === 'traffic' && !['website', 'site', 'web', 'organic', 'blog', 'total'].includes(immediate ?? '')) continue;
    // "user count", "user base": the number of users by another name.
    if (w.lower === 'user' && !['count', 'base', 'numbers', 'total'].includes(after[0] ?? '')) continue;
    if (w.lower === 'list' && !['mailing', 'email', 'newsletter'].includes(immediate ?? '')) continue;
    if (NEEDS_TOTAL.has(w.lower) && !before.some((b) => TOTAL_WORDS.has(b) || ['community', 'forum', 'discord', 'slack', 'club', 'newsletter'].includes(b))) continue;
    if (before.some((b) => QUALIFIERS.has(b) || RATE_WORDS.has(b))) continue;
    // "per user" makes a ratio; "per week" is still a count of the total kind.
    const perTime = (idx: number) => after[idx] === 'per' && /^(hour|day|week|month|quarter|year)s?$/.test(after[idx + 1] ?? words[k + idx + 2]?.lower ?? '');
    if (after.some((a, idx) => (RATE_WORDS.has(a) && !perTime(idx)) || ['who', 'that', 'which', 'whose'].includes(a))) continue;
    // "users" as a count needs a count around it, not "for users" / "with users".
    // "with the first 100 users", "for enterprise users": a cohort the metric is about, not the metric.
    if (['users', 'members', 'visitors', 'subscribers'].includes(w.lower) && before.slice(-3).some((b) => ['for', 'with', 'among', 'across'].includes(b))) continue;
    const total = [...before].reverse().find((b) => TOTAL_WORDS.has(b));
    const startIdx = total ? words.slice(0, k).map((t) => t.lower).lastIndexOf(total) : k;
    const begin = words[startIdx].start;
    // The normalised term may be shorter than as written ("page views" → "pageviews").
    let end = w.lower === 'user' ? words[k + 1].end : w.end;
    while (end < text.length && /[\p{L}-]/u.test(text[end])) end++;
    return { text: text.slice(begin, end).trim(), start: begin, end };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Baseline, target, stay

/** A start and an end both written: "from 40% to 55%", "40% → 55%", "5 days instead of 10", "up from 45%". */
function hasMovement(tokens: Token[]): boolean {
  return tokens.some((t, k) => {
    if (isQ(t) && ['→', '->', '=>'].includes(tokens[k + 1]?.text ?? '')) return true;
    if (isWord(t, 'instead') && isWord(tokens[k + 1], 'of') && isQ(tokens[k + 2])) return true;
    if (isWord(t, 'up', 'down') && isWord(tokens[k + 1], 'from') && isQ(tokens[k + 2])) return true;
    if (!isWord(t, 'from') || !isQ(tokens[k + 1])) return false;
    const to = tokens.slice(k + 2, k + 6).findIndex((u) => isWord(u, 'to'));
    return to >= 0 && tokens.slice(k + 3 + to, k + 6 + to).some(isQ);
  });
}

function findBaseline(tokens: Token[]): boolean {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    // from 40%, from $1.2M, from a baseline of 40%, from the current 40%, up from 12
    // "in 5 days instead of 10"
    if (isWord(t, 'instead') && isWord(tokens[k + 1], 'of') && isQ(tokens[k + 2])) return true;
    // "(Q2: 32)", "(today: 4.1)": a dated starting value.
    if (t.kind === 'word' && (/^[qh][1-4]$/.test(t.lower) || MONTHS.has(t.lower) || ['today', 'now', 'currently', 'baseline', 'start', 'was'].includes(t.lower)) && tokens[k + 1]?.text === ':' && isQ(tokens[k + 2])) return true;
    if (isWord(t, 'from', 'baseline', 'currently', 'vs', 'versus', 'was', 'today')) {
      const window = tokens.slice(k + 1, k + 5);
      const firstQ = window.findIndex(isQ);
      // Words in between may qualify the start ("from last quarter's $8M", "today it is 32"), but not begin the target.
      const blocked = window.slice(0, firstQ).some((u) => u.kind === 'word' && (u.lower === 'to' || u.lower === 'by' || (lemma(u.lower) !== null && !['is', 'are', 'was', 'stands'].includes(u.lower))));
      if (firstQ >= 0 && !blocked) return true;
      // from weekly to daily
      if (isWord(t, 'from') && window[0] && FREQUENCY_WORDS.has(window[0].lower) && isWord(window[1], 'to')) return true;
    }
    // 40% → 55%, 40% -> 55%, 40%–55%
    if (isQ(t) && tokens[k + 1] && ['→', '->', '=>'].includes(tokens[k + 1].text)) return true;
    // "Grow NRR 105% to 115%"
    if (isQ(t) && isWord(tokens[k + 1], 'to') && isQ(tokens[k + 2]) && !isWord(tokens[k - 1], 'by', 'of', 'from', 'up', 'between')) return true;
  }
  return false;
}

function findTarget(tokens: Token[], start: number, verb: string | null): boolean {
  if (hasServiceLevel(tokens, start)) return true;
  if (verb && (MULTIPLIER_WORDS.has(verb) || verb === 'eliminate')) return true;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'word' && MULTIPLIER_WORDS.has(t.lower)) return true;
    if (isWord(t, 'zero')) return true;
    if (!isQ(t) && !(t.kind === 'word' && NUMBER_WORDS.has(t.lower))) continue;
    const prev = tokens[k - 1];
    if (isWord(prev, 'to', 'by', 'below', 'under', 'above', 'over', 'least', 'most', 'of', 'than', 'within', 'reach', 'hit') || (prev && ['≥', '≤', '<', '>', '+'].includes(prev.text))) return true;
    if (verb && (TARGET_VERBS.has(verb) || CHANGE_VERBS.has(verb) || STAY_VERBS.has(verb))) return true;
  }
  return false;
}

function isStay(tokens: Token[], start: number, verb: string | null): boolean {
  // "Ensure 90% of new hires finish onboarding within 30 days" is a level to reach, not one to keep.
  if (verb && ['ensure', 'guarantee'].includes(verb) && hasServiceLevel(tokens, start)) return false;
  if (verb) return STAY_VERBS.has(verb);
  // "Zero critical vulnerabilities older than 30 days": a level to hold.
  if (isWord(tokens[start], 'zero') || (isWord(tokens[start], 'no') && !isWord(tokens[start + 1], 'more', 'less', 'fewer'))) return true;
  // Verbless thresholds on health metrics: "Uptime ≥ 99.9%", "p95 latency at most 300 ms". On anything else
  // ("At least 60% of teams use the dashboard") the threshold is a level to reach.
  return tokens.some((t) => t.kind === 'word' && HEALTH_WORDS.has(t.lower)) && hasThreshold(tokens, start);
}

/** A bound: ≥, below, under, at least, at most, "50+". */
function hasThreshold(tokens: Token[], start: number): boolean {
  return tokens.slice(start).some((t, k, rest) => ['≥', '≤', '>', '<'].includes(t.text) || isWord(t, 'below', 'under', 'above', 'over') || (isWord(t, 'at') && isWord(rest[k + 1], 'least', 'most')) || (isQ(t) && rest[k + 1]?.text === '+' && rest[k + 1].start === t.end));
}

/** The leading verb of the main clause, if it is one we know. */
function leadingVerb(tokens: Token[], start: number): string | null {
  const t = tokens[start];
  if (!t || t.kind !== 'word') return null;
  const v = lemma(t.lower);
  if (!v || isNounCompound(tokens, start)) return null;
  return v;
}

/**
 * Markdown markup blanked out with spaces (so offsets stay valid): emphasis, code ticks, link
 * syntax and URLs, HTML comments. `**Launch** the [pricing page](…)` reads as `  Launch   the  pricing page       `.
 */
export function plainText(text: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return text
    // A KR label the list item kept: "KR1 - …", "KR 2) …", "Key result 3. …".
    .replace(/^\s*(?:kr|key result)\s*\d*(?:\.\d+)*\s*[:.)\-–—]\s/i, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/!?\[(?=[^\]]*\]\()/g, blank)
    .replace(/\]\([^)\s]*\)/g, blank)
    .replace(/(^|[\s(])(\*{1,3}|_{1,3}|~~)(?=\S)/g, (_m, a: string, b: string) => a + blank(b))
    .replace(/(\S)(\*{1,3}|_{1,3}|~~)(?=[\s).,;:!?]|$)/g, (_m, a: string, b: string) => a + blank(b))
    .replace(/`/g, ' ');
}

/** Statements are a sentence or two; reading only this much keeps every pass bounded on pathological input. */
const MAX_STATEMENT = 1000;

/** "Double down on enterprise", "Triple our focus on quality": a multiplier verb used as a figure of speech. */
function figurativeMultiplier(tokens: Token[], k: number): boolean {
  if (!(tokens[k]?.kind === 'word' && MULTIPLIER_WORDS.has(lemma(tokens[k].lower, MULTIPLIER_WORDS) ?? tokens[k].lower))) return false;
  if (isWord(tokens[k + 1], 'down')) return true;
  const object = tokens.slice(k + 1, k + 4).find((t) => t.kind === 'word' && !DETERMINERS.has(t.lower));
  return !!object && ['focus', 'effort', 'efforts', 'attention', 'commitment', 'energy', 'ambition'].includes(object.lower);
}

export function analyzeKr(raw: string): KrAnalysis {
  const text = plainText(raw.length > MAX_STATEMENT ? raw.slice(0, MAX_STATEMENT) : raw);
  const tokens = tokenize(text);
  const start = clauseStart(tokens);
  const verb = leadingVerb(tokens, start);
  const amountWord = (t: Token, k: number) => t.kind === 'word' && (NUMBER_WORDS.has(t.lower) || /^\d+x$/.test(t.lower)) && !figurativeMultiplier(tokens, k);
  const measurable = verb === 'eliminate' || (verb === 'avoid' && tokens.some((t) => isWord(t, 'any', 'all'))) || tokens.some((t, k) => isQ(t) || amountWord(t, k)) || (!!verb && MULTIPLIER_WORDS.has(verb) && !figurativeMultiplier(tokens, start)) || findBaseline(tokens);
  return {
    tokens,
    output: findOutput(tokens, start),
    vanity: findVanity(text, tokens, verb),
    measurable,
    hasBaseline: findBaseline(tokens),
    // Any amount not written as the start is where the metric should go ("Renew 95% of contracts").
    hasTarget: measurable && (findTarget(tokens, start, verb) || tokens.some((t, k) => (isQ(t) || (t.kind === 'word' && NUMBER_WORDS.has(t.lower))) && !isWord(tokens[k - 1], 'from', 'baseline', 'currently'))),
    stay: isStay(tokens, start, verb),
    verb,
  };
}

export interface KrVerdict {
  analysis: KrAnalysis;
  /** kr-is-output: milestones are exempt (a binary KR is allowed to be a deliverable). */
  output: OutputFinding | null;
  /** vanity-metric: only when the KR measures something and is not an output already. */
  vanity: Trigger | null;
  /** kr-not-measurable: not stacked on an output, not for milestones (done or not is their measure). */
  notMeasurable: boolean;
  /** missing-baseline: a target without a start, for journeys (not "stay" thresholds) that are not outputs. */
  missingBaseline: boolean;
}

/** The four classifier rules' verdicts on one KR statement. `declaredBaseline`: the KR has a `baseline:` item. */
export function classifyKr(text: string, options: { milestone?: boolean; declaredBaseline?: boolean } = {}): KrVerdict {
  const a = analyzeKr(text);
  const milestone = !!options.milestone;
  return {
    analysis: a,
    output: milestone ? null : a.output,
    vanity: !a.output && a.measurable ? a.vanity : null,
    notMeasurable: !milestone && !a.output && !a.measurable,
    missingBaseline: !milestone && !a.output && a.hasTarget && !a.hasBaseline && !options.declaredBaseline && !a.stay,
  };
}
