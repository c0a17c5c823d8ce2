package org.vibevoice.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vibevoice.VibeVoiceException;

/**
 * Reads Hugging Face tokenizer files: {@code tokenizer.json} (streamed: the 11 MB vocabulary and
 * merge list are never held as a JSON tree) or a {@code vocab.json} + {@code merges.txt} pair (read
 * as a Qwen2 tokenizer, with added tokens from {@code tokenizer_config.json}).
 */
final class TokenizerFiles {
    /** The Qwen2 pre-tokenizer split pattern (the one in Qwen2.5's tokenizer.json). */
    static final String QWEN2_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** GPT-2's pattern, used by a ByteLevel pre-tokenizer with use_regex=true. */
    static final String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final JsonFactory JSON = new JsonFactory();

    private TokenizerFiles() {
    }

    static Tokenizer readTokenizerJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readTokenizerJson(in, file.toString());
        } catch (IOException e) {
            throw new VibeVoiceException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses a tokenizer.json stream; {@code source} names it in error messages. */
    static Tokenizer readTokenizerJson(InputStream in, String source) {
        Builder b = new Builder(source);
        try (JsonParser p = JSON.createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, source, "top level");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "added_tokens" -> b.addedTokens(asList(readValue(p), source, field));
                    case "normalizer" -> b.normalizer(readValue(p));
                    case "pre_tokenizer" -> b.preTokenizer(readValue(p));
                    case "model" -> readModel(p, b);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof VibeVoiceException v) {
                throw v;
            }
            throw new VibeVoiceException(source + ": not a readable tokenizer.json: " + firstLine(e));
        }
        return b.build();
    }

    private static void readModel(JsonParser p, Builder b) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, b.source, "model");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "type" -> b.require("BPE".equals(p.getText()), "model type " + p.getText() + " (only BPE is supported)");
                case "vocab" -> readVocab(p, b);
                case "merges" -> {
                    expect(p, t, JsonToken.START_ARRAY, b.source, "model.merges");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            b.merge(p.getText());
                        } else {
                            expect(p, p.currentToken(), JsonToken.START_ARRAY, b.source, "a merge");
                            p.nextToken();
                            String left = p.getText();
                            p.nextToken();
                            String right = p.getText();
                            expect(p, p.nextToken(), JsonToken.END_ARRAY, b.source, "a merge pair");
                            b.merge(left, right);
                        }
                    }
                }
                case "byte_fallback", "ignore_merges" -> b.require(t != JsonToken.VALUE_TRUE, field + "=true");
                case "dropout" -> b.require(t == JsonToken.VALUE_NULL, "BPE dropout");
                case "continuing_subword_prefix", "end_of_word_suffix" ->
                        b.require(t == JsonToken.VALUE_NULL || p.getText().isEmpty(), field);
                default -> p.skipChildren();
            }
        }
    }

    private static void readVocab(JsonParser p, Builder b) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, b.source, "vocab");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String token = p.currentName();
            p.nextToken();
            b.vocab(token, p.getIntValue());
        }
    }

    /** A vocab.json + merges.txt pair, read as a Qwen2 tokenizer (NFC, the Qwen2 pattern). */
    static Tokenizer readVocabMerges(Path vocabJson, Path mergesTxt, Path tokenizerConfig) {
        Builder b = new Builder(vocabJson.getParent().toString());
        try (InputStream in = Files.newInputStream(vocabJson); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            readVocab(p, b);
        } catch (IOException | RuntimeException e) {
            if (e instanceof VibeVoiceException v) {
                throw v;
            }
            throw new VibeVoiceException(vocabJson + ": not a readable vocab.json: " + firstLine(e));
        }
        try (BufferedReader r = Files.newBufferedReader(mergesTxt, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#version") && !line.isEmpty()) {
                    b.merge(line);
                }
            }
        } catch (IOException e) {
            throw new VibeVoiceException(mergesTxt + ": cannot read: " + e.getMessage());
        }
        if (Files.isRegularFile(tokenizerConfig)) {
            b.addedTokensFromConfig(tokenizerConfig);
        }
        b.nfc = true;
        b.pattern = QWEN2_PATTERN;
        return b.build();
    }

    /** Collects the pieces of a tokenizer while its files are read, then checks and assembles them. */
    private static final class Builder {
        final String source;
        final Map<String, Integer> vocab = new HashMap<>(1 << 18);
        final List<String[]> merges = new ArrayList<>(1 << 18);
        final List<AddedTokens.Token> added = new ArrayList<>();
        boolean nfc;
        String pattern;

        Builder(String source) {
            this.source = source;
        }

        void require(boolean ok, String what) {
            if (!ok) {
                throw new VibeVoiceException(source + ": unsupported tokenizer setting: " + what);
            }
        }

        void vocab(String token, int id) {
            require(id >= 0, "negative token id for '" + token + "'");
            vocab.put(token, id);
        }

        void merge(String line) {
            int sp = line.indexOf(' ');
            if (sp <= 0 || sp == line.length() - 1 || line.indexOf(' ', sp + 1) >= 0) {
                throw new VibeVoiceException(source + ": merge '" + line + "' is not two tokens separated by a space");
            }
            merge(line.substring(0, sp), line.substring(sp + 1));
        }

        void merge(String left, String right) {
            merges.add(new String[] {left, right});
        }

        void addedTokens(List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m) || !(m.get("content") instanceof String content)
                        || !(m.get("id") instanceof Number id)) {
                    throw new VibeVoiceException(source + ": an added token without content or id");
                }
                addToken(content, id.intValue(), m);
            }
        }

        void addedTokensFromConfig(Path config) {
            Object root;
            try (InputStream in = Files.newInputStream(config); JsonParser p = JSON.createParser(in)) {
                p.nextToken();
                root = readValue(p);
            } catch (IOException | RuntimeException e) {
                throw new VibeVoiceException(config + ": not well-formed JSON: " + firstLine(e));
            }
            if (root instanceof Map<?, ?> m && m.get("added_tokens_decoder") instanceof Map<?, ?> dec) {
                for (Map.Entry<?, ?> e : dec.entrySet()) {
                    if (!(e.getValue() instanceof Map<?, ?> t) || !(t.get("content") instanceof String content)) {
                        throw new VibeVoiceException(config + ": added token " + e.getKey() + " has no content");
                    }
                    int id;
                    try {
                        id = Integer.parseInt(String.valueOf(e.getKey()));
                    } catch (NumberFormatException ex) {
                        throw new VibeVoiceException(config + ": added token id '" + e.getKey() + "' is not a number");
                    }
                    addToken(content, id, t);
                }
            }
        }

        private void addToken(String content, int id, Map<?, ?> flags) {
            for (String flag : new String[] {"single_word", "lstrip", "rstrip"}) {
                require(!Boolean.TRUE.equals(flags.get(flag)), flag + "=true on added token " + content);
            }
            added.add(new AddedTokens.Token(content, id));
        }

        void normalizer(Object n) {
            if (n == null) {
                return;
            }
            Map<?, ?> m = asMap(n, "normalizer");
            if ("Sequence".equals(m.get("type"))) {
                for (Object child : asList(m.get("normalizers"), source, "normalizer.normalizers")) {
                    normalizer(child);
                }
                return;
            }
            require("NFC".equals(m.get("type")), "normalizer " + m.get("type"));
            nfc = true;
        }

        void preTokenizer(Object n) {
            if (n == null) {
                return;
            }
            Map<?, ?> m = asMap(n, "pre_tokenizer");
            Object type = m.get("type");
            if ("Sequence".equals(type)) {
                for (Object child : asList(m.get("pretokenizers"), source, "pre_tokenizer.pretokenizers")) {
                    preTokenizer(child);
                }
            } else if ("Split".equals(type)) {
                require("Isolated".equals(m.get("behavior")) && !Boolean.TRUE.equals(m.get("invert")),
                        "Split behavior " + m.get("behavior"));
                Map<?, ?> pat = asMap(m.get("pattern"), "pre_tokenizer pattern");
                String regex = pat.get("Regex") instanceof String r ? r
                        : pat.get("String") instanceof String s ? Pattern.quote(s) : null;
                require(regex != null, "Split pattern " + pat);
                setPattern(regex);
            } else if ("ByteLevel".equals(type)) {
                require(!Boolean.TRUE.equals(m.get("add_prefix_space")), "ByteLevel add_prefix_space=true");
                if (!Boolean.FALSE.equals(m.get("use_regex"))) {
                    setPattern(GPT2_PATTERN);
                }
            } else {
                require(false, "pre_tokenizer " + type);
            }
        }

        private void setPattern(String regex) {
            require(pattern == null, "more than one splitting pre-tokenizer");
            pattern = regex;
        }

        private Map<?, ?> asMap(Object o, String what) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new VibeVoiceException(source + ": " + what + " is not an object");
            }
            return m;
        }

        Tokenizer build() {
            require(!vocab.isEmpty(), "no BPE vocabulary");
            int maxId = -1;
            for (int id : vocab.values()) {
                maxId = Math.max(maxId, id);
            }
            for (AddedTokens.Token t : added) {
                maxId = Math.max(maxId, t.id());
            }
            byte[][] idBytes = new byte[maxId + 1][];
            for (Map.Entry<String, Integer> e : vocab.entrySet()) {
                byte[] bytes = ByteLevel.toBytes(e.getKey());
                if (bytes == null) {
                    throw new VibeVoiceException(source + ": vocabulary entry '" + e.getKey()
                            + "' is not byte-level (not a byte-level BPE tokenizer)");
                }
                idBytes[e.getValue()] = bytes;
            }
            for (AddedTokens.Token t : added) {
                idBytes[t.id()] = t.content().getBytes(StandardCharsets.UTF_8);
            }
            int[] byteIds = new int[256];
            for (int b = 0; b < 256; b++) {
                Integer id = vocab.get(String.valueOf(ByteLevel.charOf(b)));
                if (id == null) {
                    throw new VibeVoiceException(source + ": vocabulary lacks the token for byte " + b);
                }
                byteIds[b] = id;
            }
            MergeTable table = new MergeTable(merges.size());
            StringBuilder sb = new StringBuilder();
            for (int rank = 0; rank < merges.size(); rank++) {
                String[] m = merges.get(rank);
                Integer l = vocab.get(m[0]);
                Integer r = vocab.get(m[1]);
                sb.setLength(0);
                Integer merged = vocab.get(sb.append(m[0]).append(m[1]).toString());
                if (l == null || r == null || merged == null) {
                    throw new VibeVoiceException(source + ": merge '" + m[0] + " " + m[1] + "' uses a token not in the vocabulary");
                }
                table.put(l, r, rank, merged);
            }
            Pattern split = null;
            if (pattern != null) {
                try {
                    split = Pattern.compile(pattern, PATTERN_FLAGS);
                } catch (PatternSyntaxException e) {
                    throw new VibeVoiceException(source + ": pre-tokenizer regex not supported: " + firstLine(e));
                }
            }
            return new Tokenizer(new Bpe(byteIds, table), new AddedTokens(added), split, nfc, idBytes);
        }
    }

    /**
     * Hugging Face's Oniguruma regexes are Unicode-aware: {@code \s} is Unicode White_Space (NBSP,
     * U+3000, …) and {@code (?i)} folds case by Unicode rules; Java needs this flag for both.
     */
    static final int PATTERN_FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

    /** Reads the value at the parser's current token as Map / List / String / Number / Boolean / null. */
    static Object readValue(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, readValue(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }

    private static List<?> asList(Object o, String source, String what) {
        if (!(o instanceof List<?> l)) {
            throw new VibeVoiceException(source + ": " + what + " is not a list");
        }
        return l;
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken want, String source, String what) {
        if (got != want) {
            throw new VibeVoiceException(source + ": " + what + " is not " + (want == JsonToken.START_OBJECT
                    ? "an object" : want == JsonToken.START_ARRAY ? "a list" : "well-formed") + " (at "
                    + p.currentLocation().getLineNr() + ":" + p.currentLocation().getColumnNr() + ")");
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }
}
