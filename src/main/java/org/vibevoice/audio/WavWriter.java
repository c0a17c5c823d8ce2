package org.vibevoice.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.safetensors.AtomicFiles;

/**
 * Streams audio into a WAV file, so long-form output never has to be held in memory: samples go
 * to a temporary file beside the target, the header sizes are patched on {@link #close()}, and
 * only then is the file renamed into place. {@link #abort()} (or a failed close) deletes the
 * temporary file, so no partial file ever appears under the final name; the temporary file of a
 * killed process is removed by the next writer of the same target ({@link AtomicFiles#removeStale}).
 *
 * <p>PCM16 clamps to [−1, 1] and scales by 32767 with round-half-even, as libsndfile writes floats
 * (spec §11, plus the clamp the spec asks for); FLOAT32 writes the values as they are.
 */
public final class WavWriter implements AutoCloseable {
    public enum Encoding {
        PCM16(1, 2), FLOAT32(3, 4);

        final int tag;
        final int bytes;

        Encoding(int tag, int bytes) {
            this.tag = tag;
            this.bytes = bytes;
        }
    }

    private static final long MAX_DATA = 0xFFFFFFFFL - 64;

    private final Path target;
    private final Path temp;
    private final FileChannel ch;
    private final Encoding encoding;
    private final int channels;
    private final int headerBytes;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private boolean done;

    private WavWriter(Path target, Path temp, FileChannel ch, Encoding encoding, int sampleRate, int channels) throws IOException {
        this.target = target;
        this.temp = temp;
        this.ch = ch;
        this.encoding = encoding;
        this.channels = channels;
        ByteBuffer h = header(encoding, sampleRate, channels, 0);
        this.headerBytes = h.remaining();
        while (h.hasRemaining()) {
            ch.write(h);
        }
    }

    /** Starts {@code target} (written under a temporary name until close). */
    public static WavWriter create(Path target, int sampleRate, int channels, Encoding encoding) {
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad WAV format: " + sampleRate + " Hz, " + channels + " channels");
        }
        AtomicFiles.removeStale(target);
        Path temp = AtomicFiles.tempSibling(target, "writing");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new WavWriter(target, temp, ch, encoding, sampleRate, channels);
        } catch (IOException e) {
            closeQuietly(ch);
            deleteQuietly(temp);
            throw new VibeVoiceException(target + ": cannot write: " + e.getMessage());
        }
    }

    /** Appends {@code len} interleaved samples (whole frames). */
    public void write(float[] samples, int off, int len) {
        if (done) {
            throw new IllegalStateException(target + ": writer already closed");
        }
        if (len % channels != 0) {
            throw new IllegalArgumentException(len + " samples is not whole frames of " + channels + " channels");
        }
        if (dataBytes + (long) len * encoding.bytes > MAX_DATA) {
            abort();
            throw new VibeVoiceException(target + ": audio exceeds the 4 GiB limit of a WAV file");
        }
        try {
            for (int i = 0; i < len; i++) {
                if (buf.remaining() < encoding.bytes) {
                    flush();
                }
                float v = samples[off + i];
                if (encoding == Encoding.PCM16) {
                    float c = Math.max(-1f, Math.min(1f, v));
                    buf.putShort((short) Math.rint(c * 32767f));
                } else {
                    buf.putFloat(v);
                }
            }
            dataBytes += (long) len * encoding.bytes;
        } catch (IOException e) {
            abort();
            throw new VibeVoiceException(target + ": cannot write: " + e.getMessage());
        }
    }

    public void write(float[] samples) {
        write(samples, 0, samples.length);
    }

    /** Frames written so far. */
    public long frames() {
        return dataBytes / ((long) encoding.bytes * channels);
    }

    /** Finishes the header and moves the file into place. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        try {
            flush();
            if ((dataBytes & 1) == 1) {
                ch.write(ByteBuffer.wrap(new byte[1]), headerBytes + dataBytes);
            }
            ByteBuffer h = header(encoding, 0, channels, dataBytes);
            // only the size fields change: RIFF size, fact frame count, data size
            patch(4, h.getInt(4));
            if (encoding == Encoding.FLOAT32) {
                patch(headerBytes - 12, h.getInt(headerBytes - 12));
            }
            patch(headerBytes - 4, (int) dataBytes);
            ch.force(true);
            ch.close();
            done = true;
            AtomicFiles.publish(temp, target);
        } catch (IOException e) {
            abort();
            throw new VibeVoiceException(target + ": cannot finish writing: " + e.getMessage());
        }
    }

    /** Discards everything written: nothing appears under the target name. */
    public void abort() {
        done = true;
        closeQuietly(ch);
        deleteQuietly(temp);
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    private void patch(long at, int value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        while (b.hasRemaining()) {
            ch.write(b, at + b.position());
        }
    }

    /** RIFF header up to the data chunk's size field (fmt 16 bytes for PCM, 18 + a fact chunk for float). */
    private static ByteBuffer header(Encoding e, int rate, int channels, long dataBytes) {
        boolean isFloat = e == Encoding.FLOAT32;
        int fmtSize = isFloat ? 18 : 16;
        int size = 12 + 8 + fmtSize + (isFloat ? 12 : 0) + 8;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * e.bytes;
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int) (size - 8 + dataBytes + (dataBytes & 1)));
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(fmtSize);
        b.putShort((short) e.tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign);
        b.putShort((short) blockAlign).putShort((short) (8 * e.bytes));
        if (isFloat) {
            b.putShort((short) 0);
            b.put("fact".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(4).putInt((int) (dataBytes / blockAlign));
        }
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.flip();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // the write error already reported is what matters
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
