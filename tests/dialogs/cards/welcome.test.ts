import { describe, expect, it } from 'vitest';
import { welcomeActivity } from '../../../src/dialogs/cards/welcome';
import { loadKnowledge } from '../../../src/knowledge';
import { checkChannelRules } from '../harness';

describe('welcomeActivity', () => {
  const knowledge = loadKnowledge();
  const activity = welcomeActivity(knowledge);

  it('says who the bot is, that it is information not a diagnosis, and what to try', () => {
    expect(activity.type).toBe('message');
    expect(activity.text).toMatch(/massage-advice bot/);
    expect(activity.text).toContain(knowledge.framing.disclaimer);
    expect(activity.text).toMatch(/Tell me where it hurts/);
  });

  it('has at most three suggested actions and keeps the channel rules', () => {
    const actions = activity.suggestedActions?.actions ?? [];
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(3);
    checkChannelRules(activity);
  });
});
