import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { Kernel } from '../../emulator/kernel/kernel.js';
import { createObject } from '../../emulator/kernel/retype.js';
import { ObjType } from '../../emulator/kernel/abi.js';
import {
  configureSchedContext, refillBudgetCheck, refillNew, refillUnblockCheck, refillReady, refillSufficient,
} from '../../emulator/kernel/sched-context.js';
import type { SchedContextObj } from '../../emulator/kernel/objects.js';

/** A kernel with one unbound SC; times in cycles (MIN_BUDGET 2000, WCET 1000 at 100 cycles/µs). */
function setup(): { k: Kernel; sc: SchedContextObj } {
  const k = new Kernel(new Machine());
  const cap = createObject(k, ObjType.SchedContext, 8, 0, false, 'sc');
  return { k, sc: k.sc(cap.obj) };
}

const refills = (sc: SchedContextObj) => sc.rTime.map((t, i) => [t, sc.rAmount[i]]);
const sum = (sc: SchedContextObj) => sc.rAmount.reduce((a, b) => a + b, 0);

describe('sporadic server refills (seL4 sporadic.c rules)', () => {
  it('partial use splits the head and schedules the used amount one period later', () => {
    const { k, sc } = setup();
    expect(k.minBudget).toBe(2000);
    refillNew(k, sc, 4, 30000, 100000);
    expect(refills(sc)).toEqual([[0, 30000]]);
    k.s.curTime = 10000;
    refillBudgetCheck(k, sc, 10000);
    expect(refills(sc)).toEqual([[10000, 20000], [100000, 10000]]);
    // Using more than the head: the head is consumed whole and merged into the adjacent tail,
    // the rest is taken from the next refill.
    refillBudgetCheck(k, sc, 25000);
    expect(refills(sc)).toEqual([[105000, 25000], [200000, 5000]]);
    expect(sum(sc)).toBe(30000);
  });

  it('unblocking moves a ready head to now and merges refills that overlap it', () => {
    const { k, sc } = setup();
    refillNew(k, sc, 4, 30000, 100000);
    sc.sporadic = true;
    sc.rTime = [105000, 200000];
    sc.rAmount = [25000, 5000];
    k.s.curTime = 100000; // head not ready yet (105000 > now + WCET)
    expect(refillReady(k, sc)).toBe(false);
    refillUnblockCheck(k, sc);
    expect(refills(sc)).toEqual([[105000, 25000], [200000, 5000]]);
    k.s.curTime = 150000;
    refillUnblockCheck(k, sc);
    expect(refills(sc)).toEqual([[150000, 25000], [200000, 5000]]);
    k.s.curTime = 190000; // 200000 <= 190000 + 25000: merge
    refillUnblockCheck(k, sc);
    expect(refills(sc)).toEqual([[190000, 30000]]);
  });

  it('with a full refill list a used amount merges into the tail (delaying it)', () => {
    const { k, sc } = setup();
    refillNew(k, sc, 2, 30000, 100000);
    refillBudgetCheck(k, sc, 5000);
    expect(refills(sc)).toEqual([[5000, 25000], [100000, 5000]]);
    refillBudgetCheck(k, sc, 5000); // adjacent: merges into the tail
    expect(refills(sc)).toEqual([[10000, 20000], [100000, 10000]]);
    k.s.curTime = 50000;
    sc.sporadic = true;
    refillUnblockCheck(k, sc);
    expect(refills(sc)).toEqual([[50000, 20000], [100000, 10000]]);
    refillBudgetCheck(k, sc, 3000); // used at 150000, list full: the tail moves to end there
    expect(refills(sc)).toEqual([[53000, 17000], [140000, 13000]]); // 150000 - the old tail amount (10000)
    expect(sum(sc)).toBe(30000);
  });

  it('a head left below MIN_BUDGET is merged into the next refill', () => {
    const { k, sc } = setup();
    refillNew(k, sc, 4, 30000, 100000);
    refillBudgetCheck(k, sc, 29000);
    expect(refills(sc)).toEqual([[99000, 30000]]);
    expect(refillSufficient(k, sc, 0)).toBe(true);
  });

  it('budget == period configures a round-robin SC: period 0 and an empty tail refill', () => {
    const { k, sc } = setup();
    configureSchedContext(k, sc, 50000, 50000, 5, 7n, false);
    expect(sc.period).toBe(0);
    expect(sc.refillMax).toBe(2);
    expect(refills(sc)).toEqual([[0, 50000], [0, 0]]);
    configureSchedContext(k, sc, 20000, 100000, 3, 7n, true);
    expect(sc.period).toBe(100000);
    expect(sc.refillMax).toBe(3);
    expect(sc.sporadic).toBe(true);
  });
});
