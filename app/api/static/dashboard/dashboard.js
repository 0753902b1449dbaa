/* Nazar dashboard: read-only, vanilla ES2020, no dependencies. All customer text goes through textContent. */
'use strict';

(() => {
  const KEY_STORE = 'nazar.apiKey';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const LANGS = ['fa', 'ar', 'en'];
  const CALENDARS = ['jalali', 'gregorian', 'hijri'];
  const INTERVALS = ['day', 'week', 'month', 'quarter'];
  const CHANNELS = ['survey', 'email', 'social', 'ticket', 'chat', 'review', 'other'];
  const ZONES = ['Asia/Tehran', 'Asia/Riyadh', 'Asia/Dubai', 'Asia/Baghdad', 'Africa/Cairo', 'UTC'];
  const DEFAULTS = { lang: 'fa', cal: 'jalali', interval: 'month', from: '', to: '', channel: '', tz: 'Asia/Tehran' };
  const NUM_LOCALE = { fa: 'fa-IR', ar: 'ar-EG', en: 'en-US' };
  const NU = { fa: 'arabext', ar: 'arab', en: 'latn' };
  const CA = { jalali: 'persian', gregorian: 'gregory', hijri: 'islamic-umalqura' };
  const PLACEHOLDERS = {
    email: '[EMAIL]', phone: '[PHONE]', card: '[CARD]', iban: '[IBAN]',
    national_id_ir: '[NATIONAL_ID]', national_id_sa: '[NATIONAL_ID]',
  };

  const TEXT = {
    fa: {
      title: 'نظر — داشبورد بازخورد مشتریان', brand: 'نظر', heading: 'داشبورد بازخورد مشتریان',
      loginHeading: 'ورود با کلید API',
      loginHint: 'یک کلید با دسترسی read یا admin وارد کنید. کلید فقط در همین برگهٔ مرورگر نگه داشته می‌شود.',
      loginLabel: 'کلید API', loginSubmit: 'ورود', logout: 'خروج',
      err401: 'کلید نامعتبر است یا لغو شده است. دوباره وارد کنید.',
      err403: 'این کلید دسترسی خواندن (read) ندارد. یک کلید read یا admin وارد کنید.',
      errNetwork: 'ارتباط با سرور برقرار نشد.', errGeneric: 'دریافت داده‌ها ناموفق بود',
      loading: 'در حال بارگذاری…', updated: 'به‌روز شد',
      calendar: 'تقویم', cal_jalali: 'شمسی (جلالی)', cal_gregorian: 'میلادی', cal_hijri: 'قمری (هجری)',
      interval: 'بازه', iv_day: 'روزانه', iv_week: 'هفتگی', iv_month: 'ماهانه', iv_quarter: 'فصلی',
      from: 'از تاریخ', to: 'تا تاریخ', channel: 'کانال', allChannels: 'همهٔ کانال‌ها', timezone: 'منطقهٔ زمانی',
      ch_survey: 'نظرسنجی', ch_email: 'ایمیل', ch_social: 'شبکه‌های اجتماعی', ch_ticket: 'تیکت', ch_chat: 'گفتگو',
      ch_review: 'دیدگاه', ch_other: 'سایر',
      sentimentHeading: 'احساسات در طول زمان', netTotal: 'احساس خالص (کل دوره)', responses: 'پاسخ',
      negative: 'منفی', neutral: 'خنثی', positive: 'مثبت', net: 'احساس خالص', count: 'تعداد',
      metricsHeading: 'شاخص‌های رضایت', csat: 'رضایت (CSAT)', ces5: 'سهولت (CES، ۵ درجه‌ای)',
      ces7: 'سهولت (CES، ۷ درجه‌ای)', insufficient: 'نمونهٔ ناکافی', ci: 'بازهٔ اطمینان ۹۵٪',
      promoters: 'مروج', passives: 'بی‌طرف', detractors: 'منتقد', satisfied: 'راضی', top2: 'دو گزینهٔ بالا',
      npsTrend: 'NPS در طول زمان', minSample: 'حداقل نمونه',
      driversHeading: 'عوامل اصلی NPS',
      driversHint: 'اثر = تغییر NPS کل اگر پاسخ‌های دارای این عامل کنار گذاشته شوند؛ منفی یعنی هزینه برای امتیاز.',
      driver: 'عامل', kind: 'نوع', npsWith: 'NPS با آن', npsWithout: 'NPS بدون آن', impact: 'اثر',
      kind_theme: 'محور', kind_topic: 'موضوع', kind_custom: 'سفارشی',
      issuesHeading: 'مهم‌ترین مشکلات باز', issue: 'مشکل', lastSeen: 'آخرین مشاهده', trend: 'روند',
      trend_rising: 'رو به افزایش', trend_falling: 'رو به کاهش', trend_steady: 'ثابت',
      recentHeading: 'بازخوردهای منفی اخیر', noText: 'متن ذخیره نشده است',
      noData: 'داده‌ای برای نمایش نیست.', week: 'هفتهٔ', quarter: 'سه‌ماههٔ {q} {y}',
      lang_fa: 'فارسی', lang_ar: 'عربی', lang_en: 'انگلیسی', score: 'امتیاز',
    },
    ar: {
      title: 'نظر — لوحة ملاحظات العملاء', brand: 'نظر', heading: 'لوحة ملاحظات العملاء',
      loginHeading: 'الدخول بمفتاح API',
      loginHint: 'أدخل مفتاحًا بصلاحية read أو admin. يُحفظ المفتاح في علامة التبويب هذه فقط.',
      loginLabel: 'مفتاح API', loginSubmit: 'دخول', logout: 'خروج',
      err401: 'المفتاح غير صالح أو ملغى. أدخله مرة أخرى.',
      err403: 'هذا المفتاح لا يملك صلاحية القراءة (read). أدخل مفتاح read أو admin.',
      errNetwork: 'تعذّر الاتصال بالخادم.', errGeneric: 'تعذّر جلب البيانات',
      loading: 'جارٍ التحميل…', updated: 'تم التحديث',
      calendar: 'التقويم', cal_jalali: 'الهجري الشمسي', cal_gregorian: 'الميلادي', cal_hijri: 'الهجري (أم القرى)',
      interval: 'الفترة', iv_day: 'يومي', iv_week: 'أسبوعي', iv_month: 'شهري', iv_quarter: 'ربع سنوي',
      from: 'من تاريخ', to: 'إلى تاريخ', channel: 'القناة', allChannels: 'كل القنوات', timezone: 'المنطقة الزمنية',
      ch_survey: 'استبيان', ch_email: 'بريد إلكتروني', ch_social: 'وسائل التواصل', ch_ticket: 'تذكرة',
      ch_chat: 'محادثة', ch_review: 'مراجعة', ch_other: 'أخرى',
      sentimentHeading: 'المشاعر عبر الزمن', netTotal: 'صافي المشاعر (الفترة كلها)', responses: 'ردود',
      negative: 'سلبي', neutral: 'محايد', positive: 'إيجابي', net: 'صافي المشاعر', count: 'العدد',
      metricsHeading: 'مؤشرات الرضا', csat: 'الرضا (CSAT)', ces5: 'سهولة التعامل (CES، ٥ نقاط)',
      ces7: 'سهولة التعامل (CES، ٧ نقاط)', insufficient: 'عينة غير كافية', ci: 'فاصل الثقة ٩٥٪',
      promoters: 'مروّجون', passives: 'محايدون', detractors: 'منتقدون', satisfied: 'راضون', top2: 'أعلى خيارين',
      npsTrend: 'NPS عبر الزمن', minSample: 'الحد الأدنى للعينة',
      driversHeading: 'أهم محركات NPS',
      driversHint: 'الأثر = تغيّر NPS الكلي لو استُبعدت الردود التي تذكر هذا العامل؛ السالب يعني أنه يكلّف النتيجة.',
      driver: 'العامل', kind: 'النوع', npsWith: 'NPS معه', npsWithout: 'NPS بدونه', impact: 'الأثر',
      kind_theme: 'محور', kind_topic: 'موضوع', kind_custom: 'مخصص',
      issuesHeading: 'أهم المشكلات المفتوحة', issue: 'المشكلة', lastSeen: 'آخر ظهور', trend: 'الاتجاه',
      trend_rising: 'في ازدياد', trend_falling: 'في تراجع', trend_steady: 'مستقر',
      recentHeading: 'أحدث الملاحظات السلبية', noText: 'النص غير محفوظ',
      noData: 'لا توجد بيانات للعرض.', week: 'أسبوع', quarter: 'الربع {q} {y}',
      lang_fa: 'الفارسية', lang_ar: 'العربية', lang_en: 'الإنجليزية', score: 'الدرجة',
    },
    en: {
      title: 'Nazar — customer feedback dashboard', brand: 'Nazar', heading: 'Customer feedback dashboard',
      loginHeading: 'Sign in with an API key',
      loginHint: 'Enter a key with the read or admin scope. It is kept in this browser tab only.',
      loginLabel: 'API key', loginSubmit: 'Sign in', logout: 'Sign out',
      err401: 'The key is unknown or revoked. Please enter it again.',
      err403: 'This key lacks the read scope. Enter a read or admin key.',
      errNetwork: 'Could not reach the server.', errGeneric: 'Could not load data',
      loading: 'Loading…', updated: 'Updated',
      calendar: 'Calendar', cal_jalali: 'Jalali (Solar Hijri)', cal_gregorian: 'Gregorian',
      cal_hijri: 'Hijri (Umm al-Qura)',
      interval: 'Interval', iv_day: 'Day', iv_week: 'Week', iv_month: 'Month', iv_quarter: 'Quarter',
      from: 'From', to: 'To', channel: 'Channel', allChannels: 'All channels', timezone: 'Time zone',
      ch_survey: 'Survey', ch_email: 'Email', ch_social: 'Social', ch_ticket: 'Ticket', ch_chat: 'Chat',
      ch_review: 'Review', ch_other: 'Other',
      sentimentHeading: 'Sentiment over time', netTotal: 'Net sentiment (whole period)', responses: 'responses',
      negative: 'Negative', neutral: 'Neutral', positive: 'Positive', net: 'Net sentiment', count: 'Count',
      metricsHeading: 'Satisfaction metrics', csat: 'CSAT', ces5: 'CES (5-point)', ces7: 'CES (7-point)',
      insufficient: 'Insufficient sample', ci: '95% interval',
      promoters: 'promoters', passives: 'passives', detractors: 'detractors', satisfied: 'satisfied',
      top2: 'top-2-box', npsTrend: 'NPS over time', minSample: 'minimum sample',
      driversHeading: 'Top NPS drivers',
      driversHint: 'Impact = change in overall NPS if responses with this driver were left out; negative means it costs the score.',
      driver: 'Driver', kind: 'Kind', npsWith: 'NPS with', npsWithout: 'NPS without', impact: 'Impact',
      kind_theme: 'Theme', kind_topic: 'Topic', kind_custom: 'Custom',
      issuesHeading: 'Top open issues', issue: 'Issue', lastSeen: 'Last seen', trend: 'Trend',
      trend_rising: 'Rising', trend_falling: 'Falling', trend_steady: 'Steady',
      recentHeading: 'Recent negative feedback', noText: 'Text not stored',
      noData: 'No data to show.', week: 'Week of', quarter: 'Q{q} {y}',
      lang_fa: 'Persian', lang_ar: 'Arabic', lang_en: 'English', score: 'score',
    },
  };

  const NAMES = {
    fa: {
      trust: 'اعتماد', effort: 'سهولت', empathy: 'همدلی', personalization: 'شخصی‌سازی', expectations: 'انتظارات',
      resolution: 'حل مشکل', delivery: 'ارسال و تحویل', pricing_billing: 'قیمت و صورتحساب',
      product_quality: 'کیفیت محصول', customer_support: 'پشتیبانی مشتری', payment_checkout: 'پرداخت و تسویه',
      app_website: 'اپلیکیشن و وب‌سایت', account_security: 'حساب کاربری و امنیت', returns_refunds: 'مرجوعی و بازپرداخت',
    },
    ar: {
      trust: 'الثقة', effort: 'الجهد', empathy: 'التعاطف', personalization: 'التخصيص', expectations: 'التوقعات',
      resolution: 'الحل', delivery: 'التوصيل', pricing_billing: 'الأسعار والفواتير', product_quality: 'جودة المنتج',
      customer_support: 'خدمة العملاء', payment_checkout: 'الدفع وإتمام الشراء', app_website: 'التطبيق والموقع',
      account_security: 'الحساب والأمان', returns_refunds: 'الإرجاع والاسترداد',
    },
    en: {
      trust: 'Trust', effort: 'Effort', empathy: 'Empathy', personalization: 'Personalization',
      expectations: 'Expectations', resolution: 'Resolution', delivery: 'Delivery', pricing_billing: 'Pricing & billing',
      product_quality: 'Product quality', customer_support: 'Customer support', payment_checkout: 'Payment & checkout',
      app_website: 'App & website', account_security: 'Account & security', returns_refunds: 'Returns & refunds',
    },
  };

  const $ = (selector, root = document) => root.querySelector(selector);
  const state = { ...DEFAULTS };
  let apiKey = null;
  let keyChecked = false;
  let generation = 0;
  let loads = 0;
  let last = null; // the latest data, to re-render on a language change without refetching
  let view = { cal: DEFAULTS.cal, interval: DEFAULTS.interval, tz: DEFAULTS.tz }; // what `last` was fetched with

  // ---------- small helpers ----------

  const t = (key) => TEXT[state.lang][key] ?? TEXT.en[key] ?? key;
  const tOr = (key, fallback) => TEXT[state.lang][key] ?? fallback;
  const nameOf = (name) => NAMES[state.lang][name] ?? name;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const formatters = new Map();
  function cached(kind, options, make) {
    const id = `${kind}|${state.lang}|${JSON.stringify(options)}`;
    if (!formatters.has(id)) formatters.set(id, make());
    return formatters.get(id);
  }

  function num(value, digits = 2) {
    if (value === null || value === undefined || Number.isNaN(value)) return '—';
    const options = { maximumFractionDigits: digits };
    return cached('n', options, () => new Intl.NumberFormat(NUM_LOCALE[state.lang], options)).format(value);
  }

  function pct(value, digits = 2) {
    if (value === null || value === undefined) return '—';
    const options = { style: 'percent', maximumFractionDigits: digits };
    return cached('p', options, () => new Intl.NumberFormat(NUM_LOCALE[state.lang], options)).format(value / 100);
  }

  function digits(text) {
    // Localizes the ASCII digits of an API key such as "1405-01" (the separators are kept).
    return String(text).replace(/[0-9]/g, (d) => num(Number(d), 0));
  }

  function dateLocale(cal) {
    const base = cal === 'hijri' && state.lang === 'ar' ? 'ar-SA' : NUM_LOCALE[state.lang];
    return `${base}-u-ca-${CA[cal]}-nu-${NU[state.lang]}`;
  }

  // Dates in the calendar and zone of the data shown (or, for the date inputs' hints, of the controls).
  function dateFormat(options, zone = view.tz, cal = view.cal) {
    const full = { ...options, timeZone: zone };
    return cached(`d${cal}`, full, () => new Intl.DateTimeFormat(dateLocale(cal), full));
  }

  const ciText = (ci, format) => {
    if (!Array.isArray(ci)) return '';
    const sep = state.lang === 'en' ? ', ' : '، ';
    const isolate = (value) => `\u2068${format(value)}\u2069`; // each bound keeps its own direction
    return `${t('ci')}: [${isolate(ci[0])}${sep}${isolate(ci[1])}]`;
  };

  // A bucket's label: month names in the chosen calendar and language, the locale's digits everywhere.
  function bucketLabel(row, short = false) {
    if (!row.start || !row.end) return digits(row.bucket);
    const start = new Date(row.start);
    const middle = new Date((start.getTime() + new Date(row.end).getTime()) / 2);
    try {
      if (view.interval === 'month') return dateFormat({ month: 'long', year: 'numeric' }).format(middle);
      if (view.interval === 'quarter') {
        const match = /^(\d+)-Q(\d)$/.exec(row.bucket);
        if (match) return t('quarter').replace('{q}', num(Number(match[2]), 0)).replace('{y}', digits(match[1]));
      }
      if (view.interval === 'week') {
        const day = dateFormat({ day: 'numeric', month: 'short' }).format(start);
        return short ? day : `${t('week')} ${day}`;
      }
      if (view.interval === 'day') return dateFormat({ day: 'numeric', month: 'short' }).format(start);
    } catch (error) {
      /* fall through to the bare key */
    }
    return digits(row.bucket);
  }

  function bucketRange(row) {
    if (!row.start || !row.end) return digits(row.bucket);
    const format = dateFormat({ year: 'numeric', month: 'long', day: 'numeric' });
    const endDay = new Date(new Date(row.end).getTime() - 12 * 3600 * 1000); // the bucket's last day
    return `${digits(row.bucket)} · ${format.format(new Date(row.start))} – ${format.format(endDay)}`;
  }

  // "2026-04-01" in the chosen zone, as an ISO timestamp with that zone's offset on that day.
  function zonedStart(day, addDays = 0) {
    const [y, m, d] = day.split('-').map(Number);
    const noon = new Date(Date.UTC(y, m - 1, d + addDays, 12));
    const iso = noon.toISOString().slice(0, 10);
    let offset = '+00:00';
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone: state.tz, timeZoneName: 'longOffset' }).formatToParts(noon);
      const name = (parts.find((p) => p.type === 'timeZoneName') || {}).value || 'GMT';
      const match = /GMT([+-]\d{1,2})(?::(\d{2}))?/.exec(name);
      if (match) offset = `${match[1][0]}${match[1].slice(1).padStart(2, '0')}:${match[2] || '00'}`;
    } catch (error) {
      /* UTC */
    }
    return `${iso}T00:00:00${offset}`;
  }

  // ---------- state in the URL ----------

  function validZone(zone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone }).format(0);
      return true;
    } catch (error) {
      return false;
    }
  }

  function readUrl() {
    const q = new URLSearchParams(location.search);
    const pick = (name, allowed) => (allowed.includes(q.get(name)) ? q.get(name) : DEFAULTS[name]);
    state.lang = pick('lang', LANGS);
    state.cal = pick('cal', CALENDARS);
    state.interval = pick('interval', INTERVALS);
    state.channel = pick('channel', CHANNELS);
    const isDay = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || '') && !Number.isNaN(Date.parse(v));
    state.from = isDay(q.get('from')) ? q.get('from') : '';
    state.to = isDay(q.get('to')) ? q.get('to') : '';
    const zone = q.get('tz');
    state.tz = zone && validZone(zone) ? zone : DEFAULTS.tz;
  }

  function writeUrl() {
    const q = new URLSearchParams();
    for (const name of Object.keys(DEFAULTS)) if (state[name] && state[name] !== DEFAULTS[name]) q.set(name, state[name]);
    const query = q.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
  }

  // ---------- the interface text ----------

  function applyLanguage() {
    const root = document.documentElement;
    root.lang = state.lang;
    root.dir = state.lang === 'en' ? 'ltr' : 'rtl';
    document.title = t('title');
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
    }
  }

  function syncControls() {
    $('#calendar').value = state.cal;
    $('#interval').value = state.interval;
    $('#channel').value = state.channel;
    $('#from').value = state.from;
    $('#to').value = state.to;
    const zones = $('#tz');
    if (!ZONES.includes(state.tz) && !zones.querySelector(`option[value="${CSS.escape(state.tz)}"]`)) {
      zones.append(el('option', { value: state.tz }, state.tz));
    }
    zones.value = state.tz;
    for (const id of ['from', 'to']) {
      const value = state[id];
      let text = '';
      if (value) {
        try {
          text = dateFormat({ year: 'numeric', month: 'long', day: 'numeric' }, 'UTC', state.cal).format(new Date(`${value}T12:00:00Z`));
        } catch (error) {
          text = '';
        }
      }
      $(`#${id}-local`).textContent = text;
    }
  }

  // ---------- the API ----------

  class ApiError extends Error {
    constructor(status, message) {
      super(message || `HTTP ${status}`);
      this.status = status;
    }
  }

  async function api(path, params) {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') url.searchParams.set(k, v);
    let response;
    try {
      response = await fetch(url, { headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' } });
    } catch (error) {
      throw new ApiError(0, t('errNetwork'));
    }
    if (!response.ok) {
      let message = '';
      try {
        message = ((await response.json()).error || {}).message || '';
      } catch (error) {
        message = '';
      }
      throw new ApiError(response.status, message);
    }
    return response.json();
  }

  function filters() {
    return {
      channel: state.channel,
      created_from: state.from ? zonedStart(state.from) : '',
      created_to: state.to ? zonedStart(state.to, 1) : '',
    };
  }

  async function load() {
    const mine = ++generation;
    document.body.dataset.state = 'loading';
    $('#status').textContent = t('loading');
    const base = filters();
    const series = { ...base, interval: state.interval, calendar: state.cal, timezone: state.tz };
    const issueParams = {
      status: 'open', sort: 'count', limit: 8,
      seen_from: base.created_from, seen_to: base.created_to,
    };
    // A new key is tried with one request first, so that a wrong one is refused once, not five times.
    const first = api('/v1/summaries/sentiment', series);
    if (!keyChecked) {
      const refused = await first.then(() => null, (error) => error);
      if (mine !== generation) return;
      if (refused && [401, 403].includes(refused.status)) {
        signOut(t(refused.status === 401 ? 'err401' : 'err403'));
        return;
      }
      keyChecked = !refused;
    }
    const calls = [
      first,
      api('/v1/summaries/metrics', series),
      api('/v1/summaries/drivers', base),
      api('/v1/issues', issueParams),
      api('/v1/feedback', { ...base, sentiment: 'negative', limit: 10 }),
    ];
    const results = await Promise.allSettled(calls);
    if (mine !== generation) return;
    const denied = results.find((r) => r.status === 'rejected' && [401, 403].includes(r.reason.status));
    if (denied) {
      signOut(t(denied.reason.status === 401 ? 'err401' : 'err403'));
      return;
    }
    const value = (r) => (r.status === 'fulfilled' ? r.value : r.reason);
    last = {
      sentiment: value(results[0]), metrics: value(results[1]), drivers: value(results[2]),
      issues: value(results[3]), recent: value(results[4]),
      view: { cal: state.cal, interval: state.interval, tz: state.tz },
    };
    renderAll();
    const failed = results.filter((r) => r.status === 'rejected');
    $('#status').textContent = failed.length ? `${t('errGeneric')}: ${failed[0].reason.message}` : '';
    $('#status').classList.toggle('error', failed.length > 0);
    loads += 1;
    document.body.dataset.loads = String(loads);
    document.body.dataset.state = 'ready';
  }

  // ---------- rendering ----------

  function renderAll() {
    if (!last) return;
    view = last.view;
    const guard = (data, section, draw) => {
      const node = $(`#${section}`);
      node.classList.remove('failed');
      if (data instanceof Error) {
        node.classList.add('failed');
        draw(null);
        return;
      }
      draw(data);
    };
    guard(last.sentiment, 'sentiment', renderSentiment);
    guard(last.metrics, 'metrics', renderMetrics);
    guard(last.drivers, 'drivers', renderDrivers);
    guard(last.issues, 'issues', renderIssues);
    guard(last.recent, 'recent', renderRecent);
  }

  const noData = () => el('p', { class: 'empty' }, t('noData'));

  // Horizontal layout shared by the charts: bucket i's centre, right to left when the page is.
  function layout(count, height, container, label) {
    const slot = count > 60 ? 12 : count > 24 ? 22 : 56;
    const margin = { start: 52, end: 16 };
    const width = Math.max(480, container.clientWidth - 2, count * slot + margin.start + margin.end);
    const rtl = document.documentElement.dir === 'rtl';
    const inner = width - margin.start - margin.end;
    const step = inner / Math.max(count, 1);
    const x = (i) => (rtl ? width - margin.start - (i + 0.5) * step : margin.start + (i + 0.5) * step);
    const axisX = rtl ? width - margin.start + 6 : margin.start - 6;
    const plot = rtl ? [margin.end, width - margin.start] : [margin.start, width - margin.end];
    const root = svg('svg', {
      viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'plot', 'aria-label': label,
      preserveAspectRatio: 'xMinYMin meet',
    });
    return { root, width, height, step, x, axisX, plot, rtl };
  }

  // An even ceiling for a count axis, so that its middle tick is a whole number too.
  function niceMax(value) {
    if (value <= 10) return 2 * Math.ceil(value / 2);
    const power = 10 ** Math.floor(Math.log10(value));
    for (const m of [1, 2, 4, 6, 8, 10]) if (m * power >= value) return m * power;
    return value;
  }

  function yAxis(g, box, scale, ticks, format, y0 = 0) {
    for (const value of ticks) {
      const y = scale(value);
      g.root.append(svg('line', {
        x1: g.plot[0], x2: g.plot[1], y1: y, y2: y, class: value === y0 ? 'zero' : 'grid',
      }));
      g.root.append(svg('text', {
        x: g.axisX, y: y + 4, class: 'tick', direction: 'ltr', 'text-anchor': g.rtl ? 'start' : 'end',
      }, format(value)));
    }
  }

  function xLabels(g, rows, y) {
    const labels = rows.map((row) => bucketLabel(row, true));
    const widest = Math.max(...labels.map((label) => label.length)) * 6.2 + 10; // about 11px text
    const every = Math.max(1, Math.ceil(widest / g.step));
    labels.forEach((label, i) => {
      if (i % every === 0) g.root.append(svg('text', { x: g.x(i), y, class: 'tick', 'text-anchor': 'middle' }, label));
    });
  }

  function line(g, points, cls) {
    // Breaks the line where a bucket has no value.
    let d = '';
    let pen = false;
    for (const p of points) {
      if (p === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
      pen = true;
    }
    if (d) g.root.append(svg('path', { d, class: cls }));
  }

  function renderSentiment(data) {
    const chart = $('#sentiment-chart');
    const legend = $('#sentiment-legend');
    chart.replaceChildren();
    legend.replaceChildren();
    const total = data && data.totals && data.totals[0];
    $('#sentiment [data-testid="net-sentiment"]').textContent = total ? num(total.net_sentiment) : '—';
    $('#sentiment-count').textContent = total ? `(${num(total.count, 0)} ${t('responses')})` : '';
    const rows = (data && data.series) || [];
    if (!rows.length || !total || !total.count) {
      chart.append(noData());
      return;
    }
    for (const name of ['negative', 'neutral', 'positive', 'net']) {
      legend.append(el('span', { class: `key ${name}` }, t(name)));
    }
    const top = { y: 12, h: 170 };
    const bottom = { y: 246, h: 90 };
    const g = layout(rows.length, 350, chart, t('sentimentHeading'));
    const maxCount = niceMax(Math.max(1, ...rows.map((r) => r.count)));
    const yc = (v) => top.y + top.h - (v / maxCount) * top.h;
    const yn = (v) => bottom.y + bottom.h / 2 - (v / 100) * (bottom.h / 2);
    yAxis(g, top, yc, [0, maxCount / 2, maxCount], (v) => num(v, 1));
    yAxis(g, bottom, yn, [-100, 0, 100], (v) => num(v, 0), 0);
    g.root.append(svg('text', {
      x: g.rtl ? g.plot[1] : g.plot[0], y: bottom.y - 14, class: 'axis-title', direction: g.rtl ? 'rtl' : 'ltr',
      'text-anchor': 'start',
    }, t('net')));
    const width = Math.max(4, Math.min(34, g.step * 0.62));
    const netPoints = [];
    rows.forEach((row, i) => {
      const group = svg('g', { class: 'bucket', 'data-bucket': row.bucket, 'data-count': row.count });
      let y = top.y + top.h;
      for (const name of ['negative', 'neutral', 'positive']) {
        const h = (row.counts[name] / maxCount) * top.h;
        if (h > 0) group.append(svg('rect', { x: g.x(i) - width / 2, y: y - h, width, height: h, class: name }));
        y -= h;
      }
      const tip = [bucketRange(row), `${t('count')}: ${num(row.count, 0)}`,
        ...['negative', 'neutral', 'positive'].map((n) => `${t(n)}: ${num(row.counts[n], 0)}`),
        `${t('net')}: ${num(row.net_sentiment)}`];
      group.append(svg('title', {}, tip.join('\n')));
      // A hit area over the whole column, so that empty buckets have a tooltip too.
      group.append(svg('rect', {
        x: g.x(i) - g.step / 2, y: top.y, width: g.step, height: bottom.y + bottom.h - top.y, class: 'hit',
      }));
      g.root.append(group);
      netPoints.push(row.net_sentiment === null ? null : [g.x(i), yn(row.net_sentiment)]);
    });
    line(g, netPoints, 'net-line');
    netPoints.forEach((p) => p && g.root.append(svg('circle', { cx: p[0], cy: p[1], r: 3.5, class: 'net-dot' })));
    xLabels(g, rows, top.y + top.h + 18);
    chart.append(g.root);
  }

  function fillTile(id, { value, n, ci, insufficient, extra }) {
    const tile = $(`#${id}`);
    $('.value', tile).textContent = value;
    $('[data-testid="nps-n"], .n', tile).textContent = n === null || n === undefined ? '—' : num(n, 0);
    $('.ci', tile).textContent = ci;
    $('.extra', tile).textContent = extra || '';
    $('.badge', tile).hidden = !insufficient;
    tile.classList.toggle('weak', Boolean(insufficient));
  }

  function renderMetrics(data) {
    const total = data && data.totals && data.totals[0];
    const nps = (total && total.nps) || {};
    const csat = (total && total.csat) || {};
    const ces = (total && total.ces) || {};
    const five = ces.scale_5 || {};
    const seven = ces.scale_7 || {};
    const dot = ' · ';
    fillTile('tile-nps', {
      value: num(nps.value), n: nps.n, ci: ciText(nps.ci, (v) => num(v)), insufficient: nps.insufficient_sample,
      extra: nps.n ? [`${t('promoters')} ${num(nps.promoters, 0)}`, `${t('passives')} ${num(nps.passives, 0)}`,
        `${t('detractors')} ${num(nps.detractors, 0)}`].join(dot) : '',
    });
    fillTile('tile-csat', {
      value: pct(csat.value), n: csat.n, ci: ciText(csat.ci, (v) => pct(v)), insufficient: csat.insufficient_sample,
      extra: csat.n ? `${t('satisfied')} ${num(csat.satisfied, 0)}` : '',
    });
    fillTile('tile-ces5', {
      value: num(five.mean), n: five.n, ci: ciText(five.ci, (v) => num(v)), insufficient: five.insufficient_sample,
    });
    const top2 = seven.top2box || {};
    fillTile('tile-ces7', {
      value: num(seven.mean), n: seven.n, ci: ciText(seven.ci, (v) => num(v)), insufficient: seven.insufficient_sample,
      extra: top2.value === null || top2.value === undefined ? '' : `${t('top2')}: ${pct(top2.value)}`,
    });
    for (const id of ['tile-nps', 'tile-csat', 'tile-ces5', 'tile-ces7']) {
      const badge = $(`#${id} .badge`);
      badge.title = data ? `${t('minSample')}: ${num(data.min_sample, 0)}` : '';
    }
    renderNpsChart((data && data.series) || []);
  }

  function renderNpsChart(rows) {
    const chart = $('#nps-chart');
    chart.replaceChildren();
    if (!rows.some((r) => r.nps && r.nps.value !== null)) {
      chart.append(noData());
      return;
    }
    const g = layout(rows.length, 170, chart, t('npsTrend'));
    const box = { y: 10, h: 130 };
    const y = (v) => box.y + box.h / 2 - (v / 100) * (box.h / 2);
    yAxis(g, box, y, [-100, -50, 0, 50, 100], (v) => num(v, 0), 0);
    const points = rows.map((row, i) => (row.nps.value === null ? null : [g.x(i), y(row.nps.value)]));
    rows.forEach((row, i) => {
      const group = svg('g', { class: 'nps-point', 'data-nps-bucket': row.bucket });
      if (Array.isArray(row.nps.ci)) {
        group.append(svg('line', { x1: g.x(i), x2: g.x(i), y1: y(row.nps.ci[0]), y2: y(row.nps.ci[1]), class: 'whisker' }));
      }
      if (points[i]) {
        group.append(svg('circle', {
          cx: points[i][0], cy: points[i][1], r: 4, class: row.nps.insufficient_sample ? 'nps-dot weak' : 'nps-dot',
        }));
      }
      const tip = [bucketRange(row), `NPS: ${num(row.nps.value)}`, `n = ${num(row.nps.n, 0)}`, ciText(row.nps.ci, num)];
      if (row.nps.insufficient_sample && row.nps.n) tip.push(t('insufficient'));
      group.append(svg('title', {}, tip.filter(Boolean).join('\n')));
      group.append(svg('rect', { x: g.x(i) - g.step / 2, y: box.y, width: g.step, height: box.h, class: 'hit' }));
      g.root.append(group);
    });
    line(g, points, 'nps-line');
    xLabels(g, rows, box.y + box.h + 18);
    chart.append(g.root);
  }

  function table(headers, rows) {
    const head = el('tr', {}, ...headers.map(([label, cls]) => el('th', { scope: 'col', class: cls }, label)));
    return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
  }

  function signed(value) {
    return el('span', { class: value < 0 ? 'neg' : value > 0 ? 'pos' : '' }, num(value));
  }

  function renderDrivers(data) {
    const body = $('#drivers .body');
    body.replaceChildren();
    const list = ((data && data.nps && data.nps.drivers) || []).slice(0, 8);
    if (!list.length) {
      body.append(noData());
      return;
    }
    const scale = Math.max(1, ...list.map((d) => Math.abs(d.impact || 0)));
    const rows = list.map((d) => {
      const bar = el('span', { class: `bar ${d.impact < 0 ? 'neg' : 'pos'}` });
      bar.style.inlineSize = `${(Math.abs(d.impact || 0) / scale) * 100}%`;
      const name = el('td', { class: 'name' }, nameOf(d.name));
      if (d.insufficient_sample) name.append(el('span', { class: 'badge small', title: t('insufficient') }, '!'));
      return el('tr', { 'data-driver': d.name },
        name,
        el('td', { class: 'muted' }, tOr(`kind_${d.kind}`, d.kind)),
        el('td', { class: 'num' }, num(d.n, 0)),
        el('td', { class: 'num' }, num(d.nps_with)),
        el('td', { class: 'num' }, num(d.nps_without)),
        el('td', { class: 'num impact' }, signed(d.impact), el('span', { class: 'track' }, bar)));
    });
    body.append(table([[t('driver')], [t('kind')], ['n', 'num'], [t('npsWith'), 'num'], [t('npsWithout'), 'num'],
      [t('impact'), 'num']], rows));
  }

  function shortDate(value) {
    if (!value) return '—';
    return dateFormat({ year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(value));
  }

  function renderIssues(data) {
    const body = $('#issues .body');
    body.replaceChildren();
    const list = (data && data.items) || [];
    if (!list.length) {
      body.append(noData());
      return;
    }
    const arrows = { rising: '▲', falling: '▼', steady: '●' };
    const rows = list.map((issue) => {
      const title = issue.theme && issue.topic ? `${nameOf(issue.theme)} × ${nameOf(issue.topic)}`
        : nameOf(issue.theme || issue.topic || '') || issue.title;
      const quote = issue.examples && issue.examples[0] ? issue.examples[0].quote : '';
      const trend = issue.trend in arrows ? issue.trend : 'steady';
      return el('tr', { 'data-issue': issue.id },
        el('td', { class: 'name' }, el('div', {}, title), quote ? el('div', { class: 'quote', dir: 'auto' }, quote) : null),
        el('td', { class: 'num' }, num(issue.count, 0)),
        el('td', { class: `trend ${trend}` }, `${arrows[trend]} ${t(`trend_${trend}`)}`),
        el('td', { class: 'muted' }, shortDate(issue.last_seen)));
    });
    body.append(table([[t('issue')], [t('count'), 'num'], [t('trend')], [t('lastSeen')]], rows));
  }

  // ---------- evidence highlighting ----------

  // Offsets from the API count code points (Python); Array.from splits a string the same way.
  function highlighted(item) {
    const redacted = item.redacted_text || '';
    const shown = Array.from(redacted);
    const plain = () => document.createTextNode(redacted);
    const analysis = item.analysis;
    if (!analysis) return plain();
    const pii = (analysis.pii || []).slice().sort((a, b) => a.start - b.start);
    if (pii.some((p) => !(p.kind in PLACEHOLDERS))) return plain();
    const grow = (p) => PLACEHOLDERS[p.kind].length - (p.end - p.start);
    // Maps an offset into the original text to one into the redacted text (personal data become placeholders).
    const map = (offset, isEnd) => {
      let shift = 0;
      for (const p of pii) {
        if (offset >= p.end) shift += grow(p);
        else if (offset > p.start) return p.start + shift + (isEnd ? PLACEHOLDERS[p.kind].length : 0);
        else break;
      }
      return offset + shift;
    };
    const original = typeof item.text === 'string' ? Array.from(item.text) : null;
    if (original) {
      const rebuilt = [];
      let at = 0;
      for (const p of pii) {
        rebuilt.push(original.slice(at, p.start).join(''), PLACEHOLDERS[p.kind]);
        at = p.end;
      }
      rebuilt.push(original.slice(at).join(''));
      if (rebuilt.join('') !== redacted) return plain();
    }
    const byRange = new Map();
    for (const group of ['themes', 'topics']) {
      for (const label of analysis[group] || []) {
        for (const ev of label.evidence || []) {
          if (!(Number.isInteger(ev.start) && Number.isInteger(ev.end) && ev.start < ev.end)) continue;
          // Trust an offset only when it points at the quoted evidence.
          const source = original ? original.slice(ev.start, ev.end) : shown.slice(map(ev.start, false), map(ev.end, true));
          if (source.join('') !== ev.text) continue;
          const s = map(ev.start, false);
          const e = map(ev.end, true);
          if (e > shown.length) continue;
          const id = `${s}:${e}`;
          if (!byRange.has(id)) byRange.set(id, { s, e, names: [] });
          if (!byRange.get(id).names.includes(label.name)) byRange.get(id).names.push(label.name);
        }
      }
    }
    const spans = [...byRange.values()].sort((a, b) => a.s - b.s || b.e - a.e);
    const out = document.createDocumentFragment();
    const put = (parent, from, to) => {
      if (to > from) parent.append(document.createTextNode(shown.slice(from, to).join('')));
    };
    // Nested spans become nested marks; a span that crosses an earlier one's end is left out.
    const draw = (parent, from, to, list) => {
      let pos = from;
      let i = 0;
      while (i < list.length) {
        const span = list[i];
        if (span.s < pos) {
          i += 1;
          continue;
        }
        put(parent, pos, span.s);
        const mark = el('mark', { 'data-theme': span.names.join(' '), title: span.names.map(nameOf).join('، ') });
        const inside = [];
        let j = i + 1;
        while (j < list.length && list[j].s < span.e) {
          if (list[j].e <= span.e) inside.push(list[j]);
          j += 1;
        }
        draw(mark, span.s, span.e, inside);
        parent.append(mark);
        pos = span.e;
        i = j;
      }
      put(parent, pos, to);
    };
    draw(out, 0, shown.length, spans);
    return out;
  }

  function renderRecent(data) {
    const body = $('#recent .body');
    body.replaceChildren();
    const list = (data && data.items) || [];
    if (!list.length) {
      body.append(noData());
      return;
    }
    const when = dateFormat({ year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    const items = list.map((item) => {
      const analysis = item.analysis || {};
      const labels = [...(analysis.themes || []), ...(analysis.topics || [])].map((l) => el('span', { class: 'chip' }, nameOf(l.name)));
      const language = analysis.language && TEXT[state.lang][`lang_${analysis.language}`];
      const meta = el('div', { class: 'meta' },
        el('time', { datetime: item.created_at }, when.format(new Date(item.created_at))),
        el('span', {}, tOr(`ch_${item.channel}`, item.channel)),
        language ? el('span', {}, language) : null,
        analysis.sentiment ? el('span', { class: 'neg' }, `${t('score')} ${num(analysis.sentiment.score)}`) : null);
      const text = el('p', { class: 'text', dir: 'auto' }, highlighted(item));
      if (!item.redacted_text) text.append(el('span', { class: 'muted' }, t('noText')));
      return el('li', { 'data-feedback': item.id }, meta, text, labels.length ? el('div', { class: 'chips' }, ...labels) : null);
    });
    body.append(el('ol', { class: 'recent' }, ...items));
  }

  // ---------- sign in / out ----------

  function showLogin(message) {
    $('#dashboard').hidden = true;
    $('#login').hidden = false;
    const error = $('#login-error');
    error.textContent = message || '';
    error.hidden = !message;
    document.body.dataset.state = message ? 'denied' : 'login';
    $('#api-key').focus();
  }

  function signOut(message) {
    generation += 1;
    apiKey = null;
    last = null;
    try {
      sessionStorage.removeItem(KEY_STORE);
    } catch (error) {
      /* storage disabled */
    }
    showLogin(message);
  }

  function signIn(key) {
    apiKey = key;
    keyChecked = false;
    $('#login').hidden = true;
    $('#dashboard').hidden = false;
    load();
  }

  // ---------- wiring ----------

  function changed() {
    writeUrl();
    syncControls();
    if (apiKey) load();
  }

  function init() {
    readUrl();
    const zones = $('#tz');
    for (const zone of ZONES) zones.append(el('option', { value: zone }, zone));
    applyLanguage();
    syncControls();
    writeUrl();

    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => {
        if (state.lang === button.dataset.lang) return;
        state.lang = button.dataset.lang;
        writeUrl();
        applyLanguage();
        syncControls();
        if (!$('#login-error').hidden) $('#login-error').hidden = true;
        if (last) {
          renderAll();
          loads += 1;
          document.body.dataset.loads = String(loads);
        }
      });
    }
    const bind = (id, name) => $(id).addEventListener('change', (event) => {
      state[name] = event.target.value;
      changed();
    });
    bind('#calendar', 'cal');
    bind('#interval', 'interval');
    bind('#channel', 'channel');
    bind('#from', 'from');
    bind('#to', 'to');
    bind('#tz', 'tz');
    $('#controls').addEventListener('submit', (event) => event.preventDefault());
    $('#logout').addEventListener('click', () => signOut(''));
    $('#login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('#api-key').value.trim();
      if (!key) return;
      try {
        sessionStorage.setItem(KEY_STORE, key);
      } catch (error) {
        /* kept in memory only */
      }
      $('#api-key').value = '';
      signIn(key);
    });

    let stored = null;
    try {
      stored = sessionStorage.getItem(KEY_STORE);
    } catch (error) {
      stored = null;
    }
    if (stored) signIn(stored);
    else showLogin('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
