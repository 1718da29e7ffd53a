import type { Tone } from '../components';

export const statusTone = (status: string): Tone => (status === 'ACTIVE' ? 'good' : status === 'SUSPENDED' ? 'warn' : 'bad');
export const readinessTone = (status: string): Tone => (status === 'READY' ? 'good' : status === 'CONDITIONAL' ? 'warn' : 'bad');
export const lineTone = (status: string): Tone => (status === 'SATISFIED' ? 'good' : status === 'CONDITIONAL' ? 'warn' : 'bad');
