package org.vibevoice.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vibevoice.VibeVoiceException;

/**
 * Reads voice prompts as librosa.load(path, sr=24000, mono=True) does (spec §10.4): WAV, FLAC or
 * MP3, recognised by their first bytes whatever the file name, channels averaged, then resampled
 * to the model rate with a band-limited resampler. Bad input fails with one line naming the file.
 */
public final class AudioFiles {
    /** The models' sample rate. */
    public static final int MODEL_RATE = 24_000;
    /** Sample rates a file may have to be resampled: telephone audio to studio masters. */
    public static final int MIN_RATE = 4_000;
    public static final int MAX_RATE = 192_000;

    private AudioFiles() {
    }

    /** The file's audio at its own sample rate, mono. */
    public static AudioClip read(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new VibeVoiceException(path + ": empty file");
            }
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 10));
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // a regular file returns what it has
            }
            byte[] b = head.array();
            if (startsWith(b, "RIFF") || startsWith(b, "RF64")) {
                ByteBuffer wave = ByteBuffer.allocate(4);
                if (size < 12 || ch.read(wave, 8) != 4 || !startsWith(wave.array(), "WAVE")) {
                    throw new VibeVoiceException(path + ": RIFF file that is not WAVE audio (or truncated)");
                }
                return WavReader.read(path, ch);
            }
            long audioStart = afterId3Tags(path, ch, size);
            byte[] sig = audioStart == 0 ? b : readAt(ch, audioStart, 4);
            if (startsWith(sig, "fLaC")) {
                return FlacReader.read(path, audioStart);
            }
            if (audioStart > 0 || isMpegAudioSync(sig)) {
                return Mp3Reader.read(path, audioStart);
            }
            throw new VibeVoiceException(path + ": not a WAV, FLAC or MP3 file");
        } catch (NoSuchFileException e) {
            throw new VibeVoiceException(path + ": no such file");
        } catch (IOException e) {
            throw new VibeVoiceException(path + ": cannot read: " + e.getMessage());
        }
    }

    /** The file's audio, mono, resampled to {@code rate} when it differs. */
    public static AudioClip load(Path path, int rate) {
        AudioClip clip = read(path);
        if (clip.sampleRate() == rate) {
            return clip;
        }
        // the rate comes from the file: it sets the resampler's filter table and the output's growth
        if (clip.sampleRate() < MIN_RATE || clip.sampleRate() > MAX_RATE) {
            throw new VibeVoiceException(path + ": sample rate " + clip.sampleRate() + " Hz is outside the supported "
                    + MIN_RATE + " to " + MAX_RATE + " Hz");
        }
        return new AudioClip(Resampler.resample(clip.samples(), clip.sampleRate(), rate), rate);
    }

    /** A voice prompt: mono, 24 kHz, before the processor's loudness normalisation. */
    public static float[] loadVoice(Path path) {
        return load(path, MODEL_RATE).samples();
    }

    private static byte[] readAt(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) {
            // short files give what they have
        }
        return b.array();
    }

    private static boolean startsWith(byte[] b, String magic) {
        if (b.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b[i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** An MPEG audio frame header: 11 sync bits, a real layer, a usable bitrate and sample rate. */
    private static boolean isMpegAudioSync(byte[] b) {
        if (b.length < 3 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (b[1] >> 3) & 3;
        int layer = (b[1] >> 1) & 3;
        int bitrate = (b[2] >> 4) & 15;
        int rate = (b[2] >> 2) & 3;
        return version != 1 && layer != 0 && bitrate != 15 && rate != 3;
    }

    /**
     * Where the audio starts after any ID3v2 tags, each checked to end inside the file. The
     * decoders are handed the audio only: JLayer would allocate whatever size a tag declares.
     */
    private static long afterId3Tags(Path path, FileChannel ch, long size) throws IOException {
        long pos = 0;
        while (pos + 10 <= size) {
            byte[] h = readAt(ch, pos, 10);
            if (!startsWith(h, "ID3")) {
                break;
            }
            long end = pos + 10 + syncSafe(h, 6) + ((h[5] & 0x10) != 0 ? 10 : 0);
            if (end > size) {
                throw new VibeVoiceException(path + ": truncated: an ID3 tag declares " + (end - pos - 10)
                        + " bytes but the file ends first");
            }
            pos = end;
        }
        return pos;
    }

    private static long syncSafe(byte[] b, int at) {
        return ((b[at] & 0x7FL) << 21) | ((b[at + 1] & 0x7FL) << 14) | ((b[at + 2] & 0x7FL) << 7) | (b[at + 3] & 0x7FL);
    }
}
