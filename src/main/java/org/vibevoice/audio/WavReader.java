package org.vibevoice.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.vibevoice.VibeVoiceException;

/**
 * RIFF/WAVE (and RF64) reader: PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE with
 * either subformat, any channel count (averaged to mono). Chunks are walked with every size checked
 * against the file, and nothing is allocated from a header field that was not bounded first.
 * Samples scale as libsndfile reads them: integers divided by 2^(bits−1), 8-bit unsigned centred.
 */
final class WavReader {
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 shared by the KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs. */
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71};
    private static final int MAX_FMT_BYTES = 1 << 16;
    private static final int MAX_CHANNELS = 256;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    private final Path path;
    private final FileChannel ch;
    private final long fileSize;

    private WavReader(Path path, FileChannel ch, long fileSize) {
        this.path = path;
        this.ch = ch;
        this.fileSize = fileSize;
    }

    static AudioClip read(Path path, FileChannel ch) throws IOException {
        return new WavReader(path, ch, ch.size()).read();
    }

    private record Format(int tag, int channels, int sampleRate, int blockAlign, int bits) {
    }

    private AudioClip read() throws IOException {
        ByteBuffer head = bytes(0, 12);
        boolean rf64 = head.getInt(0) == fourCC("RF64");
        long ds64Data = -1;
        Format fmt = null;
        long dataOff = -1;
        long dataLen = -1;
        long pos = 12;
        while (pos + 8 <= fileSize && (fmt == null || dataOff < 0)) {
            ByteBuffer h = bytes(pos, 8);
            int id = h.getInt(0);
            long size = h.getInt(4) & 0xFFFFFFFFL;
            long body = pos + 8;
            if (id == fourCC("data")) {
                dataOff = body;
                long declared = size == UNKNOWN_SIZE && ds64Data >= 0 ? ds64Data : size;
                long available = fileSize - body;
                if (size == UNKNOWN_SIZE && ds64Data < 0) {
                    declared = available; // written by a streaming tool that never patched the size
                }
                if (declared > available) {
                    throw fail("truncated: the data chunk declares " + declared + " bytes but only " + available + " follow");
                }
                dataLen = declared;
            } else if (body + size > fileSize) {
                throw fail("truncated: chunk '" + name(id) + "' runs past the end of the file");
            } else if (id == fourCC("fmt ")) {
                fmt = format(body, size);
            } else if (id == fourCC("ds64") && rf64) {
                if (size < 16) {
                    throw fail("RF64 ds64 chunk is too short");
                }
                ds64Data = bytes(body + 8, 8).getLong(0);
            }
            pos = body + size + (size & 1);
        }
        if (fmt == null) {
            throw fail(dataOff < 0 ? "truncated or not a WAV file: no 'fmt ' and no 'data' chunk" : "no 'fmt ' chunk");
        }
        if (dataOff < 0) {
            throw fail("truncated: no 'data' chunk");
        }
        long frames = dataLen / fmt.blockAlign;
        if (frames == 0) {
            throw fail("contains no audio samples");
        }
        if (frames > Integer.MAX_VALUE - 16) {
            throw fail("too long (" + frames + " frames)");
        }
        return new AudioClip(samples(fmt, dataOff, (int) frames), fmt.sampleRate);
    }

    private Format format(long off, long size) throws IOException {
        if (size < 16 || size > MAX_FMT_BYTES) {
            throw fail("'fmt ' chunk of " + size + " bytes");
        }
        ByteBuffer b = bytes(off, (int) size);
        int tag = b.getShort(0) & 0xFFFF;
        int channels = b.getShort(2) & 0xFFFF;
        long rate = b.getInt(4) & 0xFFFFFFFFL;
        int blockAlign = b.getShort(12) & 0xFFFF;
        int bits = b.getShort(14) & 0xFFFF;
        if (tag == EXTENSIBLE) {
            if (size < 40) {
                throw fail("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is too short");
            }
            tag = b.getShort(24) & 0xFFFF;
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b.get(26 + i) != GUID_TAIL[i]) {
                    throw fail("unsupported WAVE_FORMAT_EXTENSIBLE subformat");
                }
            }
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw fail("unsupported channel count " + channels);
        }
        if (rate < 1 || rate > 1_000_000) {
            throw fail("unsupported sample rate " + rate);
        }
        boolean ok = switch (tag) {
            case PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
            case IEEE_FLOAT -> bits == 32 || bits == 64;
            default -> throw fail("unsupported WAV encoding (format tag 0x" + Integer.toHexString(tag) + "); use PCM or float");
        };
        if (!ok) {
            throw fail("unsupported " + (tag == PCM ? "PCM" : "float") + " sample size " + bits + " bits");
        }
        if (blockAlign != channels * (bits / 8)) {
            throw fail("block align " + blockAlign + " does not match " + channels + " channels of " + bits + " bits");
        }
        return new Format(tag, channels, (int) rate, blockAlign, bits);
    }

    private float[] samples(Format f, long off, int frames) throws IOException {
        MonoMixer mono = new MonoMixer(path.toString(), f.channels);
        int framesPerRead = Math.max(1, (1 << 16) / f.blockAlign);
        ByteBuffer buf = ByteBuffer.allocate(framesPerRead * f.blockAlign).order(ByteOrder.LITTLE_ENDIAN);
        float[] frame = new float[f.channels];
        int bytesPer = f.bits / 8;
        for (int done = 0; done < frames; ) {
            int n = Math.min(framesPerRead, frames - done);
            buf.clear().limit(n * f.blockAlign);
            readFully(buf, off + (long) done * f.blockAlign);
            for (int i = 0; i < n; i++) {
                int base = i * f.blockAlign;
                for (int c = 0; c < f.channels; c++) {
                    frame[c] = sample(buf, base + c * bytesPer, f);
                }
                mono.frame(frame, 0);
            }
            done += n;
        }
        return mono.toArray();
    }

    private static float sample(ByteBuffer b, int at, Format f) {
        if (f.tag == IEEE_FLOAT) {
            return f.bits == 32 ? b.getFloat(at) : (float) b.getDouble(at);
        }
        return switch (f.bits) {
            case 8 -> ((b.get(at) & 0xFF) - 128) / 128f;
            case 16 -> b.getShort(at) / 32768f;
            case 24 -> (((b.get(at + 2) << 16) | ((b.get(at + 1) & 0xFF) << 8) | (b.get(at) & 0xFF))) / 8388608f;
            default -> (float) (b.getInt(at) / 2147483648.0);
        };
    }

    private ByteBuffer bytes(long off, int n) throws IOException {
        if (off + n > fileSize) {
            throw fail("truncated: the file ends inside a header");
        }
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        readFully(b, off);
        return b;
    }

    private void readFully(ByteBuffer b, long off) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, off + b.position());
            if (r < 0) {
                throw fail("truncated: unexpected end of file");
            }
        }
    }

    private VibeVoiceException fail(String problem) {
        return new VibeVoiceException(path + ": " + problem);
    }

    static int fourCC(String s) {
        return (s.charAt(0) & 0xFF) | (s.charAt(1) & 0xFF) << 8 | (s.charAt(2) & 0xFF) << 16 | (s.charAt(3) & 0xFF) << 24;
    }

    private static String name(int id) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            char c = (char) ((id >>> (8 * i)) & 0xFF);
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }
}
