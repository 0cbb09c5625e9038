import { SmsGatewaySettings } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { smsRequest } from '../../server/src/notify/channels.js';

const TEXT = 'ЦОК «Тверской». Талон К-012: пройдите к окну 3 & "сразу"\nспасибо';

describe('the SMS provider template', () => {
  it('builds an SMS.ru-style GET: the placeholders URL-encoded in the query, the number as digits', () => {
    const s = SmsGatewaySettings.parse({
      enabled: true,
      baseUrl: 'https://sms.ru/',
      method: 'GET',
      path: '/sms/send?api_id=KEY&to={phone}&msg={text}&json=1',
    });
    const { url, init } = smsRequest(s, '8 (900) 123-45-67', TEXT);
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe('https://sms.ru/sms/send');
    expect(u.searchParams.get('to')).toBe('79001234567');
    expect(u.searchParams.get('msg')).toBe(TEXT);
    expect(u.searchParams.get('api_id')).toBe('KEY');
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
  });

  it('builds a form POST (SMSC-style) and a JSON POST with the auth header, each escaped for its body', () => {
    const form = SmsGatewaySettings.parse({
      enabled: true,
      baseUrl: 'https://smsc.ru',
      method: 'POST',
      path: '/sys/send.php',
      contentType: 'application/x-www-form-urlencoded',
      body: 'login=office&psw=secret&phones={phone}&mes={text}&sender={sender}&charset=utf-8',
      sender: 'TALON',
    });
    const f = smsRequest(form, '+7 900 123 45 67', TEXT);
    const fields = new URLSearchParams(String(f.init.body));
    expect(fields.get('phones')).toBe('79001234567');
    expect(fields.get('mes')).toBe(TEXT);
    expect(fields.get('sender')).toBe('TALON');
    expect((f.init.headers as Record<string, string>)['content-type']).toBe('application/x-www-form-urlencoded');

    const json = SmsGatewaySettings.parse({
      enabled: true,
      baseUrl: 'https://gw.example',
      path: '/v1/sms',
      body: '{"to":"{phone}","text":"{text}","from":"{sender}"}',
      authHeader: { name: 'Authorization', value: 'Bearer k' },
    });
    const j = smsRequest(json, '9001234567', TEXT);
    expect(JSON.parse(String(j.init.body))).toEqual({ to: '79001234567', text: TEXT, from: '' });
    expect((j.init.headers as Record<string, string>).Authorization).toBe('Bearer k');
  });
});
