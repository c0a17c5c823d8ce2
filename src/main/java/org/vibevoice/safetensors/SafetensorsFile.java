package org.vibevoice.safetensors;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/**
 * One memory-mapped safetensors file. The header is validated before anything is trusted; tensors
 * are views on the mapping (all of one segment class, so kernels see a single implementation).
 */
public final class SafetensorsFile {
    /** Same bound as the reference implementation: a header over 100 MB is refused. */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final MemorySegment mapped;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, MemorySegment mapped, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.path = path;
        this.mapped = mapped;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps {@code path} into {@code arena}; the mapping lives as long as the arena. */
    public static SafetensorsFile open(Path path, Arena arena) {
        long size;
        MemorySegment mapped;
        String headerText;
        long headerLen;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            size = ch.size();
            if (size < 8) {
                throw new SafetensorsException(path, null, "file is " + size + " bytes, too short for a safetensors header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            headerLen = lenBuf.flip().getLong();
            if (headerLen <= 1 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new SafetensorsException(path, null, "header length " + Long.toUnsignedString(headerLen)
                        + " is not within the file (" + size + " bytes) and the 100 MB limit");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            try {
                headerText = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(hb.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new SafetensorsException(path, null, "header is not valid UTF-8");
            }
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException e) {
            throw new SafetensorsException(path, null, "cannot read: " + e.getMessage());
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Object> header = parseHeader(path, headerText);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                entries.add(parseEntry(path, e.getKey(), e.getValue(), dataSize));
            }
        }
        checkOverlaps(path, entries);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long base = mapped.address() + dataStart;
        for (Entry en : entries) {
            long len = en.end - en.begin;
            // A plain native segment over the mapped bytes: one segment class for every weight.
            MemorySegment view = MemorySegment.ofAddress(base + en.begin).reinterpret(len, arena, null);
            tensors.put(en.name, new Tensor(en.name, en.dtype, en.shape, view));
        }
        return new SafetensorsFile(path, mapped, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static Map<String, Object> parseHeader(Path path, String text) {
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(text.strip());
        } catch (IOException | RuntimeException e) {
            throw new SafetensorsException(path, null, "header is not well-formed JSON: " + firstLine(e.getMessage()));
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new SafetensorsException(path, null, "header is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) m;
        return header;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void readMetadata(Path path, Object value, Map<String, String> out) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafetensorsException(path, "__metadata__", "is not an object of strings");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafetensorsException(path, "__metadata__", "value of '" + e.getKey() + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static Entry parseEntry(Path path, String name, Object value, long dataSize) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafetensorsException(path, name, "entry is not an object");
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new SafetensorsException(path, name, "missing dtype");
        }
        DType dtype = DType.fromHeaderName(dtypeName);
        if (dtype == null) {
            throw new SafetensorsException(path, name, "unsupported dtype " + dtypeName);
        }
        long[] shape = longList(path, name, "shape", m.get("shape"), -1);
        long[] offsets = longList(path, name, "data_offsets", m.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw new SafetensorsException(path, name, "data_offsets [" + begin + ", " + end
                    + "] outside the data area of " + dataSize + " bytes");
        }
        long numel;
        try {
            numel = Math.multiplyExact(Tensor.numel(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw new SafetensorsException(path, name, "shape overflows");
        }
        if (numel != end - begin) {
            throw new SafetensorsException(path, name, dtype + java.util.Arrays.toString(shape) + " needs " + numel
                    + " bytes but data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] longList(Path path, String name, String key, Object value, int requiredLength) {
        if (!(value instanceof List<?> list)) {
            throw new SafetensorsException(path, name, "missing or malformed " + key);
        }
        if (requiredLength >= 0 && list.size() != requiredLength) {
            throw new SafetensorsException(path, name, key + " must have " + requiredLength + " entries");
        }
        if (list.size() > 16) {
            throw new SafetensorsException(path, name, key + " has " + list.size() + " entries");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = list.get(i);
            if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 0) {
                throw new SafetensorsException(path, name, key + " holds " + o + ", not a non-negative integer");
            }
            out[i] = ((Number) o).longValue();
        }
        return out;
    }

    private static void checkOverlaps(Path path, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry prev = null;
        for (Entry e : sorted) {
            if (prev != null && e.begin < prev.end && e.end > e.begin) {
                throw new SafetensorsException(path, e.name, "bytes overlap tensor '" + prev.name + "'");
            }
            if (e.end > e.begin) {
                prev = e;
            }
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /**
     * Drops this process's mapping of {@code view}'s pages (a view of this file) from resident
     * memory, once a module has copied what it needs; reading the view again maps them back in
     * from the page cache. Returns false when the view is not part of this file.
     */
    public boolean release(MemorySegment view) {
        long off = view.address() - mapped.address();
        if (off < 0 || off + view.byteSize() > mapped.byteSize() || view.byteSize() == 0) {
            return false;
        }
        mapped.asSlice(off, view.byteSize()).unload();
        return true;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new SafetensorsException(path, name, "not present");
        }
        return t;
    }
}
