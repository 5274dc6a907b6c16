/*
 * Starts Web Chat on the page. With a Direct Line token from /api/directline/token (production) it uses
 * Direct Line; otherwise it uses a local connection that posts each activity to /api/local/messages,
 * where the server runs the turn in-process and returns the replies.
 */
(function () {
  'use strict';

  // Web Chat's connection states (botframework-directlinejs ConnectionStatus).
  var UNINITIALIZED = 0;
  var CONNECTING = 1;
  var ONLINE = 2;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;
  var EXPIRED_TOKEN = 3;

  /** How long a message is retried while the server is unreachable; Web Chat's send timeout is a bit longer. */
  var RETRY_FOR_MS = 120000;

  var statusElement = document.getElementById('chat-status');

  function setStatus(text) {
    if (statusElement && statusElement.textContent !== text) statusElement.textContent = text;
  }

  /**
   * What the page keeps in the browser's session storage so a reload continues the conversation: the mode,
   * the conversation and user ids, the local transcript (bounded) and the cards already answered. Session
   * storage ends with the tab, which suits a health conversation on a shared device; "Start over" clears it.
   */
  var STORE_KEY = 'sciatica-chat-v1';
  var MAX_STORED_ACTIVITIES = 120;
  var store = {
    read: function () {
      try {
        var raw = window.sessionStorage.getItem(STORE_KEY);
        var value = raw ? JSON.parse(raw) : null;
        return value && typeof value === 'object' ? value : null;
      } catch (e) {
        return null;
      }
    },
    write: function (value) {
      try {
        window.sessionStorage.setItem(STORE_KEY, JSON.stringify(value));
      } catch (e) {
        // Storage full or switched off: the chat still works, it just won't survive a reload.
      }
    },
    update: function (change) {
      var value = store.read() || {};
      change(value);
      store.write(value);
    },
    clear: function () {
      try {
        window.sessionStorage.removeItem(STORE_KEY);
      } catch (e) {
        // Nothing to clear.
      }
    }
  };

  var PAGE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

  /** A stored id if it is well formed, else a new one. */
  function validId(value) {
    return typeof value === 'string' && PAGE_ID_PATTERN.test(value) ? value : randomId().replace(/[^A-Za-z0-9_-]/g, '');
  }

  /** A card already answered: its submit buttons are taken off when the transcript is shown again. */
  function withoutSubmits(activity, answered) {
    var attachments = activity.attachments || [];
    var hit = attachments.some(function (a) {
      return a && a.contentType === 'application/vnd.microsoft.card.adaptive' && answered.indexOf(activity.id) !== -1;
    });
    if (!hit) return activity;
    var strip = function (node) {
      if (Array.isArray(node)) {
        return node
          .filter(function (n) { return !(n && n.type === 'Action.Submit'); })
          .map(strip);
      }
      if (!node || typeof node !== 'object') return node;
      var copy = {};
      Object.keys(node).forEach(function (key) { copy[key] = key === 'data' ? node[key] : strip(node[key]); });
      return copy;
    };
    var copy = Object.assign({}, activity);
    copy.attachments = attachments.map(function (a) {
      return a && a.contentType === 'application/vnd.microsoft.card.adaptive' ? Object.assign({}, a, { content: strip(a.content) }) : a;
    });
    return copy;
  }

  function metaElement(name) {
    return document.querySelector('meta[name="' + name + '"]');
  }

  /** A multicast observable that replays past values to late subscribers (all of them, or only the last). */
  function createSubject(replay) {
    var observers = [];
    var history = [];
    var completed = false;

    function toObserver(observerOrNext, error, complete) {
      if (typeof observerOrNext === 'function') {
        return { next: observerOrNext, error: error, complete: complete };
      }
      return observerOrNext || {};
    }

    return {
      next: function (value) {
        if (completed) return;
        if (replay === 'all') history.push(value);
        else if (replay === 'last') history = [value];
        observers.slice().forEach(function (observer) {
          if (observer.next) observer.next(value);
        });
      },
      complete: function () {
        if (completed) return;
        completed = true;
        observers.slice().forEach(function (observer) {
          if (observer.complete) observer.complete();
        });
        observers = [];
      },
      subscribe: function (observerOrNext, error, complete) {
        var observer = toObserver(observerOrNext, error, complete);
        history.slice().forEach(function (value) {
          if (observer.next) observer.next(value);
        });
        if (completed) {
          if (observer.complete) observer.complete();
          return { closed: true, unsubscribe: function () {} };
        }
        observers.push(observer);
        var subscription = {
          closed: false,
          unsubscribe: function () {
            subscription.closed = true;
            observers = observers.filter(function (candidate) {
              return candidate !== observer;
            });
          }
        };
        return subscription;
      }
    };
  }

  /** An observable that runs `start` (returning a promise) once, for its first subscriber, and emits its result. */
  function observableFromPromise(start) {
    var promise;
    return {
      subscribe: function (observerOrNext, error, complete) {
        var observer = typeof observerOrNext === 'function'
          ? { next: observerOrNext, error: error, complete: complete }
          : observerOrNext || {};
        var closed = false;
        promise = promise || start();
        promise.then(
          function (value) {
            if (closed) return;
            if (observer.next) observer.next(value);
            if (observer.complete) observer.complete();
          },
          function (reason) {
            if (!closed && observer.error) observer.error(reason);
          }
        );
        return {
          get closed() {
            return closed;
          },
          unsubscribe: function () {
            closed = true;
          }
        };
      }
    };
  }

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  /**
   * A Direct Line look-alike for Web Chat, talking to the local route. Web Chat subscribes to activity$ and
   * connectionStatus$ with {next, error, complete}, calls postActivity(activity) expecting an observable of
   * the new activity's id, and echo-backs of its own activities carrying channelData.clientActivityID.
   */
  function createLocalConnection(endpoint) {
    var saved = store.read();
    var continuing = saved && saved.mode === 'local' && Array.isArray(saved.transcript) && saved.transcript.length > 0;
    var pageId = validId(continuing ? saved.conversationId : undefined);
    var userId = validId(continuing ? saved.userId : undefined);
    if (!continuing) store.write({ mode: 'local', conversationId: pageId, userId: userId, transcript: [], answered: [] });
    var connectionStatus$ = createSubject('last');
    var activity$Subject = createSubject('all');
    var bot = { id: 'sciatica-bot', name: 'Sciatica massage helper', role: 'bot' };
    var queue = Promise.resolve();
    var started = false;
    var ended = false;
    var typingCount = 0;

    connectionStatus$.next(UNINITIALIZED);

    function emitAll(activities) {
      var kept = [];
      (activities || []).forEach(function (activity) {
        activity$Subject.next(activity);
        if (activity && activity.type === 'message') kept.push(activity);
      });
      if (kept.length > 0) {
        store.update(function (value) {
          value.transcript = (value.transcript || []).concat(kept).slice(-MAX_STORED_ACTIVITIES);
        });
      }
    }

    /** Network errors and server errors are worth retrying; a 4xx answer is final. */
    function retryable(error) {
      return !error.status || error.status >= 500;
    }

    function postOnce(activity) {
      return fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ conversationId: pageId, userId: userId, activity: activity }),
        credentials: 'same-origin',
        cache: 'no-store'
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            var error = new Error(body && body.error ? body.error : 'HTTP ' + response.status);
            error.status = response.status;
            throw error;
          }
          if (body && body.bot && typeof body.bot.id === 'string') {
            bot = { id: body.bot.id, name: body.bot.name, role: 'bot' };
          }
          return body;
        });
      });
    }

    /**
     * Posts with retries while the server is unreachable (1, 2, 4 … 15 s apart, for up to ~2 minutes), saying
     * so on the page. The body is the same each time, so its client activity id lets the server answer a
     * repeat without a second turn.
     */
    function postWithRetry(activity) {
      var deadline = Date.now() + RETRY_FOR_MS;
      var attempt = 0;
      function tryOnce() {
        return postOnce(activity).then(
          function (body) {
            if (attempt > 0) {
              setStatus('Connected again.');
              setTimeout(function () { if (statusElement && statusElement.textContent === 'Connected again.') setStatus(''); }, 4000);
            }
            return body;
          },
          function (error) {
            if (error.status === 403) {
              setStatus('This conversation cannot be continued here. Starting a new one…');
              store.clear();
              setTimeout(function () { window.location.reload(); }, 1500);
              throw error;
            }
            if (!retryable(error) || Date.now() > deadline) {
              if (retryable(error)) setStatus('The assistant is not answering right now. Please try again in a minute.');
              throw error;
            }
            attempt += 1;
            setStatus('Can\u2019t reach the assistant right now. Trying again\u2026 Your message is kept.');
            var wait = Math.min(1000 * Math.pow(2, attempt - 1), 15000);
            return new Promise(function (resolve) { setTimeout(resolve, wait); }).then(tryOnce);
          }
        );
      }
      return tryOnce();
    }

    function send(activity) {
      // One request at a time keeps replies in the order the user sent messages.
      var result = queue.then(function () { return postWithRetry(activity); });
      queue = result.catch(function () {});
      return result;
    }

    function showTyping() {
      typingCount += 1;
      activity$Subject.next({
        type: 'typing',
        id: 'local-typing-' + pageId + '-' + typingCount,
        from: bot,
        timestamp: new Date().toISOString(),
        channelData: {}
      });
    }

    function start() {
      if (started) return;
      started = true;
      connectionStatus$.next(CONNECTING);
      setTimeout(function () {
        connectionStatus$.next(ONLINE);
        if (continuing) {
          // A reload: show the conversation so far; the bot's state for it is still on the server.
          var answered = saved.answered || [];
          saved.transcript.forEach(function (activity) { activity$Subject.next(withoutSubmits(activity, answered)); });
          return;
        }
        // The page opening is the user joining the conversation: the bot answers with its welcome.
        send({ type: 'conversationUpdate', locale: navigator.language }).then(
          function (body) { emitAll(body.activities); },
          function () {
            setStatus('The assistant is not answering right now. Please reload the page in a minute.');
            connectionStatus$.next(FAILED_TO_CONNECT);
          }
        );
      }, 0);
    }

    var activity$ = {
      subscribe: function (observerOrNext, error, complete) {
        var subscription = activity$Subject.subscribe(observerOrNext, error, complete);
        start();
        return subscription;
      }
    };

    return {
      activity$: activity$,
      connectionStatus$: connectionStatus$,
      postActivity: function (activity) {
        return observableFromPromise(function () {
          if (ended) return Promise.reject(new Error('The conversation has ended.'));
          var outgoing = {
            type: activity.type,
            text: activity.text,
            value: activity.value,
            name: activity.name,
            locale: activity.locale,
            localTimezone: activity.localTimezone,
            localTimestamp: activity.localTimestamp,
            channelData: activity.channelData
          };
          if (activity.type === 'message') showTyping();
          return send(outgoing).then(function (body) {
            emitAll(body.activities);
            return body.id;
          });
        });
      },
      end: function () {
        ended = true;
        connectionStatus$.next(ENDED);
        connectionStatus$.complete();
        activity$Subject.complete();
      }
    };
  }

  function fetchDirectLineToken() {
    return fetch('/api/directline/token', { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) return null;
        return response.json().then(function (body) {
          return body && typeof body.token === 'string' ? body : null;
        });
      })
      .catch(function () { return null; });
  }

  // Calm clinic colours; every text/background pair meets WCAG AA (4.5:1) or better.
  var styleOptions = {
    accent: '#2a6b60',
    backgroundColor: '#f7faf9',
    primaryFont: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif",
    fontSizeSmall: '80%',
    subtle: '#56645f',
    paddingRegular: 12,
    paddingWide: 16,
    bubbleBackground: '#ffffff',
    bubbleBorderColor: '#cfddd8',
    bubbleBorderRadius: 14,
    bubbleBorderStyle: 'solid',
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1e2b28',
    bubbleMaxWidth: 560,
    bubbleMinHeight: 44,
    bubbleFromUserBackground: '#2a6b60',
    bubbleFromUserBorderColor: '#2a6b60',
    bubbleFromUserBorderRadius: 14,
    bubbleFromUserBorderStyle: 'solid',
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserTextColor: '#ffffff',
    bubbleNubSize: 0,
    bubbleFromUserNubSize: 0,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#2a6b60',
    suggestedActionBorderRadius: 22,
    suggestedActionBorderWidth: 2,
    suggestedActionTextColor: '#1d4f48',
    suggestedActionBackgroundColorOnHover: '#e6f1ee',
    suggestedActionHeight: 44,
    sendBoxBackground: '#ffffff',
    sendBoxTextColor: '#1e2b28',
    sendBoxPlaceholderColor: '#5b6965',
    sendBoxButtonColor: '#2a6b60',
    sendBoxButtonColorOnHover: '#1d4f48',
    sendBoxHeight: 56,
    sendBoxTextWrap: true,
    sendBoxBorderTop: 'solid 1px #cfddd8',
    hideUploadButton: true,
    transcriptVisualKeyboardIndicatorColor: '#1d4f48',
    transcriptVisualKeyboardIndicatorWidth: 3,
    avatarSize: 40,
    botAvatarInitials: 'SH',
    botAvatarBackgroundColor: '#1d4f48',
    markdownRespectCRLF: true,
    typingAnimationDuration: 20000,
    // The page retries an unreachable server for up to RETRY_FOR_MS before Web Chat calls a send failed.
    sendTimeout: RETRY_FOR_MS + 10000,
    // Stop following new messages once the start of a reply reaches the top: a long answer is read from
    // its first line, not shown scrolled to its tail.
    autoScrollSnapOnPage: true,
    autoScrollSnapOnPageOffset: 0
  };

  /** Chosen answers as the person would say them: ticked labels, else the button's own text. */
  function chosenText(card, value) {
    var labels = [];
    if (card) {
      Array.prototype.forEach.call(card.querySelectorAll('input[type="checkbox"]:checked, input[type="radio"]:checked'), function (input) {
        var label = (input.labels && input.labels[0] && input.labels[0].textContent) || input.getAttribute('aria-label') || input.value;
        if (label && label.trim()) labels.push(label.trim());
      });
    }
    return labels.length > 0 ? labels.join(', ') : String(value.text);
  }

  /** Takes a card out of use once answered (the server also declines a second submit politely). */
  function markAnswered(card, cardId) {
    if (card) {
      card.setAttribute('data-answered', 'true');
      Array.prototype.forEach.call(card.querySelectorAll('button, input, select, textarea, [role="button"]'), function (control) {
        // Folding buttons stay usable: they only show or hide detail.
        if (control.getAttribute('aria-expanded') !== null) return;
        control.setAttribute('aria-disabled', 'true');
        control.disabled = true;
        if (control.getAttribute('role') === 'button') control.setAttribute('tabindex', '-1');
      });
    }
    if (typeof cardId === 'string') {
      store.update(function (value) {
        value.answered = (value.answered || []).concat([cardId]).slice(-200);
      });
    }
  }

  /**
   * Card submits carry the text the person would have typed (`value.text`). Sent as messageBack with that
   * text as the display text, the person sees their choice as their own message; the card is then spent.
   */
  // Web Chat does not tell the middleware which card a submit came from; the click (mouse, touch, Enter or
  // Space on a focused button) that triggered it does, and it reaches the document first in capture phase.
  var lastClicked = null;
  document.addEventListener('click', function (event) { lastClicked = event.target; }, true);

  var cardActionMiddleware = function () {
    return function (next) {
      return function (args) {
        var action = args && args.cardAction;
        var value = action && action.value;
        if (action && action.type === 'postBack' && value && typeof value === 'object' && typeof value.text === 'string' && value.text !== '') {
          var target = args.target || lastClicked;
          var card = target && target.closest ? target.closest('.ac-adaptiveCard') : null;
          // A card inside a folded section: the outermost card is the one answered.
          while (card && card.parentElement && card.parentElement.closest('.ac-adaptiveCard')) card = card.parentElement.closest('.ac-adaptiveCard');
          if (card && card.getAttribute('data-answered') === 'true') return undefined;
          var displayText = chosenText(card, value);
          markAnswered(card, value.cardId);
          return next(Object.assign({}, args, {
            cardAction: { type: 'messageBack', text: value.text, value: value, displayText: displayText }
          }));
        }
        return next(args);
      };
    };
  };

  /** Says on the page when Direct Line is reconnecting or gone, and clears it when back. */
  function watchConnection(directLine) {
    if (!directLine || !directLine.connectionStatus$ || !directLine.connectionStatus$.subscribe) return;
    directLine.connectionStatus$.subscribe({
      next: function (status) {
        if (status === ONLINE) setStatus('');
        else if (status === FAILED_TO_CONNECT) setStatus('Can\u2019t reach the assistant right now. Trying again\u2026');
        else if (status === EXPIRED_TOKEN) setStatus('The chat has timed out. Press \u201cStart over\u201d to begin again.');
      }
    });
  }

  /** A token for this page: the one kept from before the reload while it is fresh, else a new one. */
  function directLineSession() {
    var saved = store.read();
    var fresh = saved && saved.mode === 'directline' && typeof saved.token === 'string' && typeof saved.conversationId === 'string' &&
      Date.now() - (saved.savedAt || 0) < TOKEN_REUSE_MS;
    if (fresh) return Promise.resolve({ token: saved.token, conversationId: saved.conversationId, userId: saved.userId, domain: saved.domain, resumed: true });
    return fetchDirectLineToken();
  }

  /** Keeps the newest token (Web Chat refreshes it every 15 minutes) so a reload can reconnect with it. */
  function keepDirectLineSession(directLine, tokenInfo) {
    var save = function () {
      store.write({
        mode: 'directline',
        token: directLine.token || tokenInfo.token,
        conversationId: directLine.conversationId || tokenInfo.conversationId,
        userId: tokenInfo.userId,
        domain: tokenInfo.domain,
        savedAt: Date.now()
      });
    };
    save();
    setInterval(save, 60000);
  }

  /**
   * Web Chat passes its `nonce` to its own styles, but the scroll-to-bottom panel it bundles creates its
   * <style> element without one, so a strict style-src would drop those rules. Style elements created by
   * the page's scripts get the page's nonce; <style> markup injected into the HTML still gets blocked.
   */
  function stampNonceOnScriptStyles(nonce) {
    var createElement = document.createElement;
    document.createElement = function (tagName, options) {
      var element = createElement.call(document, tagName, options);
      if (String(tagName).toLowerCase() === 'style') element.setAttribute('nonce', nonce);
      return element;
    };
  }

  /** Direct Line tokens last 30 minutes; one kept for a reload is reused for 25. */
  var TOKEN_REUSE_MS = 25 * 60 * 1000;

  /** "Start over": forget this conversation in the browser and open a fresh one. */
  function wireStartOver() {
    var button = document.getElementById('start-over');
    if (!button) return;
    button.addEventListener('click', function () {
      store.clear();
      window.location.reload();
    });
  }

  /** On a phone the note folds to its one-line summary; the emergency link stays beside it. */
  function foldNoticeOnPhones() {
    var notice = document.getElementById('notice');
    if (notice && window.matchMedia && window.matchMedia('(max-width: 40rem)').matches) notice.removeAttribute('open');
  }

  function start() {
    wireStartOver();
    foldNoticeOnPhones();
    var host = document.getElementById('webchat');
    if (!host || !window.WebChat) {
      setStatus('The chat could not load. Please reload the page.');
      return;
    }
    var nonceMeta = metaElement('webchat-nonce');
    var nonce = nonceMeta ? nonceMeta.getAttribute('content') : undefined;
    if (nonce) stampNonceOnScriptStyles(nonce);
    var modeMeta = metaElement('webchat-mode');
    var directLineOn = modeMeta ? modeMeta.getAttribute('data-directline') === 'on' : true;
    var localOn = modeMeta ? modeMeta.getAttribute('data-local') === 'on' : true;

    (directLineOn ? directLineSession() : Promise.resolve(null)).then(function (tokenInfo) {
      var directLine;
      if (tokenInfo) {
        var options = { token: tokenInfo.token, domain: tokenInfo.domain };
        // With the conversation id, Direct Line reconnects and replays the conversation so far.
        if (tokenInfo.resumed) options.conversationId = tokenInfo.conversationId;
        directLine = window.WebChat.createDirectLine(options);
        keepDirectLineSession(directLine, tokenInfo);
        watchConnection(directLine);
        if (tokenInfo.resumed) {
          // A kept token that no longer works (before it ever connected): forget it and start afresh.
          var wasOnline = false;
          directLine.connectionStatus$.subscribe({
            next: function (status) {
              if (status === ONLINE) wasOnline = true;
              if (!wasOnline && (status === FAILED_TO_CONNECT || status === EXPIRED_TOKEN)) {
                store.clear();
                window.location.reload();
              }
            }
          });
        }
      } else if (localOn) {
        directLine = createLocalConnection('/api/local/messages');
      } else {
        setStatus('The chat is unavailable right now. Please try again in a few minutes.');
        return;
      }
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          styleOptions: styleOptions,
          cardActionMiddleware: cardActionMiddleware,
          nonce: nonce || undefined,
          locale: 'en-GB',
          sendTypingIndicator: false,
          userID: tokenInfo && typeof tokenInfo.userId === 'string' ? tokenInfo.userId : undefined
        },
        host
      );
      host.setAttribute('data-mode', tokenInfo ? 'directline' : 'local');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
