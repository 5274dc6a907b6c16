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

  var statusElement = document.getElementById('chat-status');

  function setStatus(text) {
    if (statusElement) statusElement.textContent = text;
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
    var pageId = randomId();
    var connectionStatus$ = createSubject('last');
    var activity$Subject = createSubject('all');
    var bot = { id: 'sciatica-bot', name: 'Sciatica massage helper', role: 'bot' };
    var queue = Promise.resolve();
    var started = false;
    var ended = false;
    var typingCount = 0;

    connectionStatus$.next(UNINITIALIZED);

    function emitAll(activities) {
      (activities || []).forEach(function (activity) {
        activity$Subject.next(activity);
      });
    }

    function send(activity) {
      // One request at a time keeps replies in the order the user sent messages.
      var result = queue.then(function () {
        return fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ conversationId: pageId, activity: activity }),
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
      });
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
    typingAnimationDuration: 20000
  };

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

  function start() {
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

    (directLineOn ? fetchDirectLineToken() : Promise.resolve(null)).then(function (tokenInfo) {
      var directLine;
      if (tokenInfo) {
        directLine = window.WebChat.createDirectLine({ token: tokenInfo.token, domain: tokenInfo.domain });
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
          nonce: nonce || undefined,
          locale: 'en-GB',
          sendTypingIndicator: false
        },
        host
      );
      host.setAttribute('data-mode', tokenInfo ? 'directline' : 'local');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
