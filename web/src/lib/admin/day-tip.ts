/**
 * The year view's one tooltip: the section sets which day cell it is about (under the pointer,
 * else focused) and the tooltip reads it through inject, so that a hover re-renders the tooltip
 * alone, not the year's 365 cells.
 */
import type { InjectionKey, Ref } from 'vue';
import type { GridDay } from './year-grid';

export interface DayTip {
  el: HTMLElement;
  day: GridDay;
}

export const DAY_TIP: InjectionKey<Readonly<Ref<DayTip | null>>> = Symbol('day tip');
