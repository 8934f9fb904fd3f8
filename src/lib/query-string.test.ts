import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { all, flag, one, parseQuery, type Query } from './query-string.js';

// parseQuery returns a null-prototype object; spread it so deepEqual compares plain objects.
const plain = (q: Query) => ({ ...q });

describe('parseQuery', () => {
  const f = (qs: string, want: Record<string, string | string[]>) =>
    it(JSON.stringify(qs), () => assert.deepEqual(plain(parseQuery(qs)), want));

  f('', {});
  f('compId=comp1&data=3', { compId: 'comp1', data: '3' });
  // leading ?& / ?; (the query string arrives without the ?), trailing and doubled &
  f('&compId=comp1&temp=3', { compId: 'comp1', temp: '3' });
  f(';compId=comp1&temp=3', { compId: 'comp1', temp: '3' });
  f(';;compId=comp1', { compId: 'comp1' });
  f('compId=comp1&', { compId: 'comp1' });
  f('compId=comp1&&&temp=3', { compId: 'comp1', temp: '3' });
  // flags without =
  f('asPut', { asPut: '' });
  f('compId=c&asPut&retStreamId', { compId: 'c', asPut: '', retStreamId: '' });
  f('description&name', { description: '', name: '' });
  f('name=', { name: '' });
  // + is a space, %2B a plus
  f('compName=Weather+station', { compName: 'Weather station' });
  f('a+b=1', { 'a b': '1' });
  f('v=1%2B2', { v: '1+2' });
  // repeated keys keep their order
  f('data=3&data=4', { data: ['3', '4'] });
  f('rsid=sleep_time&compId=c&rsid=awake_time&rsid=x', { rsid: ['sleep_time', 'awake_time', 'x'], compId: 'c' });
  f('data=1&data=&data=3', { data: ['1', '', '3'] });
  // escapes
  f('data=3%2C4', { data: '3,4' });
  f('compId=front%20door', { compId: 'front door' });
  f('n=%E2%82%AC', { n: '€' });
  f('%63ompId=c', { compId: 'c' });
  // a bad % is kept as text instead of failing the request; good escapes around it still decode
  f('v=100%', { v: '100%' });
  f('v=%zz', { v: '%zz' });
  f('v=%4', { v: '%4' });
  f('v=%41%', { v: 'A%' });
  f('v=%E2%82%AC%', { v: '€%' });
  f('v=50%+off', { v: '50% off' });
  f('v=%FF', { v: '\u00ff' });
  // unencoded reserved characters devices send
  f('t=a:b&u=(1)&w=[2]', { t: 'a:b', u: '(1)', w: '[2]' });
  f('a==1', { a: '=1' });
  f('a=b=c', { a: 'b=c' });
  // an empty key is dropped
  f('=1&b=2', { b: '2' });
  // keys are case-sensitive here (feed-url canonicalises the reserved ones)
  f('compid=a&compId=b', { compid: 'a', compId: 'b' });
});

describe('all / one / flag', () => {
  const q = parseQuery('data=3&data=4&compId=c&asPut&off=false&zero=0&no=No&yes=true&one=1&t=a&t=b');
  const f = (name: string, got: unknown, want: unknown) => it(name, () => assert.deepEqual(got, want));

  f('all of a repeated key', all(q, 'data'), ['3', '4']);
  f('all of a single key', all(q, 'compId'), ['c']);
  f('all of a missing key', all(q, 'nope'), []);
  f('one of a repeated key is the last', one(q, 't'), 'b');
  f('one of a single key', one(q, 'compId'), 'c');
  f('one of a missing key', one(q, 'nope'), undefined);
  f('flag without value is on', flag(q, 'asPut'), true);
  f('flag=false is off', flag(q, 'off'), false);
  f('flag=0 is off', flag(q, 'zero'), false);
  f('flag=No is off', flag(q, 'no'), false);
  f('flag=true is on', flag(q, 'yes'), true);
  f('flag=1 is on', flag(q, 'one'), true);
  f('missing flag is off', flag(q, 'retStreamId'), false);
});
