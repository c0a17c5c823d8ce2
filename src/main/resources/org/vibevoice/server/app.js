'use strict';
// The VibeVoice page: streams generation from POST /api/generate (server-sent events carrying
// base64 16-bit PCM and progress) and plays each chunk with the Web Audio API as it arrives.
// window.vibevoice exposes the playback counters (tests read them; handy in the console too).

const state = window.vibevoice = {
  status: 'loading', job: null, sampleRate: 24000,
  receivedSamples: 0, scheduledBuffers: 0, progressEvents: 0,
  frames: 0, audioSeconds: 0, elapsedSeconds: 0, rtf: 0,
  contextState: 'none', playedSeconds: 0, wavUrl: null, wavBytes: 0, error: null,
};

const $ = (id) => document.getElementById(id);
let config = null;
let audioContext = null;
let nextStart = 0;
let playbackStart = 0;
let sources = [];
let chunks = [];
let abort = null;
let finished = false;

function setStatus(status, text) {
  state.status = status;
  $('app').dataset.status = status;
  $('status').textContent = text;
}

function showError(message) {
  state.error = message;
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  state.error = null;
  $('error').hidden = true;
  $('error').textContent = '';
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (e) { /* not JSON */ }
  return `The server answered ${response.status} ${response.statusText}.`;
}

// ---- set-up -------------------------------------------------------------------------------

function voiceOption(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function renderSpeakers() {
  const n = Number($('speaker-count').value);
  const box = $('speakers');
  while (box.children.length < 4) {
    const i = box.children.length;
    const row = document.createElement('div');
    row.className = 'speaker';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = `Speaker ${i + 1}`;
    const select = document.createElement('select');
    select.id = `voice-${i + 1}`;
    select.setAttribute('aria-label', `Voice of speaker ${i + 1}`);
    for (const v of config.voices) select.append(voiceOption(v, v));
    for (const u of uploads) select.append(voiceOption(u.id, uploadLabel(u)));
    const preferred = config.defaultVoices[i];
    if (preferred) select.value = preferred;
    const file = document.createElement('input');
    file.type = 'file';
    file.accept = '.wav,.flac,.mp3,audio/wav,audio/flac,audio/mpeg';
    file.hidden = true;
    file.id = `upload-${i + 1}`;
    file.addEventListener('change', () => upload(file, select));
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    button.textContent = 'Upload…';
    button.addEventListener('click', () => file.click());
    row.append(who, select, button, file);
    box.append(row);
  }
  [...box.children].forEach((row, i) => { row.hidden = i >= n; });
}

const uploads = [];
const uploadLabel = (u) => `⬆ ${u.label} (${u.seconds.toFixed(1)} s)`;

async function upload(input, select) {
  const file = input.files[0];
  input.value = '';
  if (!file) return;
  clearError();
  if (file.size > config.limits.maxUploadBytes) {
    showError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the server accepts voice samples up to ${(config.limits.maxUploadBytes / 1048576).toFixed(1)} MB.`);
    return;
  }
  setStatus(state.status, `Uploading ${file.name}…`);
  try {
    const r = await fetch('/api/voices', {
      method: 'POST', body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    });
    if (!r.ok) throw new Error(await errorMessage(r));
    const u = await r.json();
    uploads.push(u);
    for (const s of document.querySelectorAll('.speaker select')) s.append(voiceOption(u.id, uploadLabel(u)));
    select.value = u.id;
    setStatus('ready', `Uploaded ${u.label}.`);
  } catch (e) {
    showError(`Upload failed: ${e.message}`);
    setStatus('ready', 'Ready.');
  }
}

async function init() {
  try {
    const r = await fetch('/api/config');
    if (!r.ok) throw new Error(await errorMessage(r));
    config = await r.json();
  } catch (e) {
    showError(`Cannot load the page's settings: ${e.message}`);
    setStatus('error', 'Unavailable.');
    return;
  }
  state.sampleRate = config.sampleRate;
  $('model').textContent = config.model;
  $('speaker-count').value = String(config.defaults.speakers);
  $('cfg').value = config.defaults.cfgScale;
  $('cfg-value').textContent = Number(config.defaults.cfgScale).toFixed(2);
  $('steps').value = config.defaults.steps;
  $('steps').max = config.limits.maxSteps;
  $('seed').value = config.defaults.seed;
  $('script').maxLength = config.limits.maxTextChars;
  for (const ex of config.examples) $('examples').append(voiceOption(ex.name, ex.name));
  $('examples').hidden = config.examples.length === 0;
  renderSpeakers();
  if (config.examples.length > 0) loadExample(config.examples[0].name);
  updateChars();
  setStatus('ready', config.voices.length ? 'Ready.' : 'Ready. The voices folder is empty: upload a voice sample.');
}

function loadExample(name) {
  const ex = config.examples.find((e) => e.name === name);
  if (!ex) return;
  $('script').value = ex.script;
  $('speaker-count').value = String(Math.min(4, Math.max(1, ex.speakers)));
  renderSpeakers();
  updateChars();
}

function updateChars() {
  const n = $('script').value.length;
  $('chars').textContent = `${n.toLocaleString()} / ${config ? config.limits.maxTextChars.toLocaleString() : '–'} characters`;
}

// ---- generation -----------------------------------------------------------------------------

function resetRun() {
  for (const s of sources) { try { s.stop(); } catch (e) { /* already ended */ } }
  sources = [];
  chunks = [];
  finished = false;
  if (state.wavUrl) URL.revokeObjectURL(state.wavUrl);
  Object.assign(state, {
    job: null, receivedSamples: 0, scheduledBuffers: 0, progressEvents: 0, frames: 0, audioSeconds: 0,
    elapsedSeconds: 0, rtf: 0, playedSeconds: 0, wavUrl: null, wavBytes: 0,
  });
  $('result').hidden = true;
  renderStats();
}

function renderStats() {
  $('stat-frames').textContent = state.frames.toLocaleString();
  $('stat-audio').textContent = `${state.audioSeconds.toFixed(1)} s`;
  $('stat-elapsed').textContent = `${state.elapsedSeconds.toFixed(1)} s`;
  $('stat-rtf').textContent = state.rtf > 0 ? state.rtf.toFixed(2) : '–';
  $('stat-played').textContent = `${state.playedSeconds.toFixed(1)} s`;
  const received = state.receivedSamples / state.sampleRate;
  $('meter-received').style.width = received > 0 ? '100%' : '0';
  $('meter-played').style.width = received > 0 ? `${Math.min(100, 100 * state.playedSeconds / received)}%` : '0';
  const app = $('app').dataset;
  app.receivedSamples = state.receivedSamples;
  app.scheduledBuffers = state.scheduledBuffers;
  app.frames = state.frames;
}

function tick() {
  if (audioContext) {
    state.contextState = audioContext.state;
    if (state.scheduledBuffers > 0) {
      const played = Math.min(audioContext.currentTime, nextStart) - playbackStart;
      state.playedSeconds = Math.max(0, played);
    }
  }
  renderStats();
  requestAnimationFrame(tick);
}

function play(pcm) {
  const n = pcm.byteLength >> 1;
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = view.getInt16(2 * i, true) / 32768;
  chunks.push(pcm);
  state.receivedSamples += n;
  const buffer = audioContext.createBuffer(1, n, state.sampleRate);
  buffer.copyToChannel(samples, 0);
  const source = audioContext.createBufferSource();
  source.buffer = buffer;
  source.connect(audioContext.destination);
  // a short lead absorbs network jitter; after an underrun playback resumes from "now"
  const at = Math.max(nextStart, audioContext.currentTime + 0.15);
  if (state.scheduledBuffers === 0) playbackStart = at;
  else playbackStart += at - nextStart;
  source.start(at);
  nextStart = at + buffer.duration;
  sources.push(source);
  source.onended = () => { sources = sources.filter((s) => s !== source); };
  state.scheduledBuffers++;
}

function decodeBase64(text) {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function handleEvent(block) {
  let name = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  switch (name) {
    case 'queued': {
      const q = JSON.parse(data);
      state.job = q.job;
      state.sampleRate = q.sampleRate;
      setStatus('queued', q.position > 1 ? `Waiting for the model (position ${q.position})…` : 'Starting…');
      break;
    }
    case 'start':
      setStatus('generating', 'Generating…');
      break;
    case 'audio':
      play(decodeBase64(data));
      break;
    case 'progress': {
      const p = JSON.parse(data);
      state.progressEvents++;
      Object.assign(state, { frames: p.frames, audioSeconds: p.audioSeconds, elapsedSeconds: p.elapsedSeconds, rtf: p.rtf });
      break;
    }
    case 'done': {
      const d = JSON.parse(data);
      finished = true;
      Object.assign(state, { frames: d.frames, audioSeconds: d.audioSeconds, elapsedSeconds: d.wallSeconds, rtf: d.rtf });
      const note = d.reachedStepLimit ? ' (stopped at the token limit)' : '';
      setStatus('done', d.stopped ? `Stopped after ${d.audioSeconds.toFixed(1)} s of audio.`
        : `Done: ${d.audioSeconds.toFixed(1)} s of audio in ${d.wallSeconds.toFixed(1)} s${note}.`);
      offerDownload();
      break;
    }
    case 'error':
      finished = true;
      showError(JSON.parse(data).message);
      setStatus('error', 'Failed.');
      break;
    default:
      break;
  }
}

function offerDownload() {
  if (state.receivedSamples === 0) return;
  const dataBytes = 2 * state.receivedSamples;
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (at, s) => { for (let i = 0; i < s.length; i++) header.setUint8(at + i, s.charCodeAt(i)); };
  ascii(0, 'RIFF'); header.setUint32(4, 36 + dataBytes, true); ascii(8, 'WAVEfmt ');
  header.setUint32(16, 16, true); header.setUint16(20, 1, true); header.setUint16(22, 1, true);
  header.setUint32(24, state.sampleRate, true); header.setUint32(28, 2 * state.sampleRate, true);
  header.setUint16(32, 2, true); header.setUint16(34, 16, true);
  ascii(36, 'data'); header.setUint32(40, dataBytes, true);
  const blob = new Blob([header.buffer, ...chunks], { type: 'audio/wav' });
  state.wavUrl = URL.createObjectURL(blob);
  state.wavBytes = blob.size;
  $('player').src = state.wavUrl;
  $('download').href = state.wavUrl;
  $('download').download = `vibevoice-${new Date().toISOString().replace(/[:.]/g, '-')}.wav`;
  $('result').hidden = false;
}

async function generate() {
  clearError();
  const n = Number($('speaker-count').value);
  const voices = [];
  for (let i = 1; i <= n; i++) voices.push($(`voice-${i}`).value);
  if (voices.some((v) => !v)) {
    showError('Choose or upload a voice for every speaker.');
    return;
  }
  const body = {
    input: $('script').value, voice: voices,
    cfg_scale: Number($('cfg').value), steps: Number($('steps').value), seed: Number($('seed').value),
  };
  audioContext = audioContext || new AudioContext();
  await audioContext.resume();
  resetRun();
  nextStart = audioContext.currentTime;
  $('generate').disabled = true;
  $('stop').disabled = false;
  setStatus('queued', 'Sending…');
  abort = new AbortController();
  try {
    const r = await fetch('/api/generate', {
      method: 'POST', body: JSON.stringify(body), signal: abort.signal,
      headers: { 'Content-Type': 'application/json' },
    });
    if (!r.ok) throw new Error(await errorMessage(r));
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (let i; (i = text.indexOf('\n\n')) >= 0;) {
        handleEvent(text.slice(0, i));
        text = text.slice(i + 2);
      }
    }
    if (!finished) throw new Error('The connection to the server ended before the audio was complete.');
  } catch (e) {
    if (e.name === 'AbortError') {
      setStatus('done', 'Stopped.');
      offerDownload();
    } else {
      showError(e.message);
      setStatus('error', 'Failed.');
    }
  } finally {
    abort = null;
    $('generate').disabled = false;
    $('stop').disabled = true;
  }
}

async function stop() {
  $('stop').disabled = true;
  for (const s of sources) { try { s.stop(); } catch (e) { /* already ended */ } }
  sources = [];
  const running = abort;
  if (state.job) {
    try {
      await fetch(`/api/jobs/${encodeURIComponent(state.job)}/cancel`, { method: 'POST' });
    } catch (e) { /* the abort below ends it anyway */ }
  }
  // the stream normally ends by itself with a "stopped" summary; give it a moment, then cut it
  setTimeout(() => { if (abort === running && running) running.abort(); }, 3000);
}

$('speaker-count').addEventListener('change', renderSpeakers);
$('cfg').addEventListener('input', () => { $('cfg-value').textContent = Number($('cfg').value).toFixed(2); });
$('examples').addEventListener('change', () => { loadExample($('examples').value); $('examples').value = ''; });
$('script').addEventListener('input', updateChars);
$('generate').addEventListener('click', generate);
$('stop').addEventListener('click', stop);
requestAnimationFrame(tick);
init();
