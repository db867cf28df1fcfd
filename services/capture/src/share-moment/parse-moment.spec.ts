import { parseMoment } from './parse-moment';

describe('SESSION[@TIME] of backtrack share', () => {
  it.each([
    ['abc', undefined],
    ['abc@23:22', { offsetMs: (23 * 60 + 22) * 1000 }],
    ['abc@0:05', { offsetMs: 5000 }],
    ['abc@75:00', { offsetMs: 75 * 60 * 1000 }],
    ['abc@1:02:03', { offsetMs: 3723 * 1000 }],
    ['abc@95s', { offsetMs: 95 * 1000 }],
    ['abc@#1200', { seq: 1200 }],
    ['abc@1200', { seq: 1200 }],
  ])('reads %s', (argument, at) => {
    expect(parseMoment(argument)).toEqual({ sessionId: 'abc', at });
  });

  it.each([
    ['abc@23:2', /cannot read the time "23:2" in "abc@23:2"; accepted: MM:SS \(23:22\)/],
    ['abc@1:60', /cannot read the time "1:60"/],
    ['abc@1:2:03', /cannot read the time "1:2:03"/],
    ['abc@1:75:00', /minutes must be 00-59 in H:MM:SS/],
    ['abc@5m', /cannot read the time "5m"/],
    ['abc@', /cannot read the time ""/],
    ['abc@#0', /event seq in "abc@#0" must be from 1/],
    ['@23:22', /"@23:22" names no session/],
  ])('refuses %s, saying what it accepts', (argument, message) => {
    expect(() => parseMoment(argument)).toThrow(message);
  });
});
