package io.tachyon.perf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of kernel issues that affect profiling, kept as data in the bundle ({@value #RESOURCE}): each with the
 * kernel releases it affects, what happens and the safe setting. {@link #affecting} picks those that apply to a
 * release.
 */
final class KnownKernelIssues {

    static final String RESOURCE = "known-kernel-issues.tsv";
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /**
     * @param from  first affected release, inclusive, or null for every release before {@code until}
     * @param until first release without the issue, or null when none is fixed
     */
    record Issue(String id, int[] from, int[] until, String what, String safeSetting) {

        boolean affects(int[] release) {
            return (from == null || compare(release, from) >= 0) && (until == null || compare(release, until) < 0);
        }

        /** The affected releases for people, e.g. {@code 6.16 up to (not including) 6.18}. */
        String range() {
            if (from == null) {
                return "before " + format(until);
            }
            return until == null ? format(from) + " and later" : format(from) + " up to (not including) " + format(until);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Issue issue && id.equals(issue.id) && Arrays.equals(from, issue.from)
                    && Arrays.equals(until, issue.until) && what.equals(issue.what)
                    && safeSetting.equals(issue.safeSetting);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return "Issue[" + id + ", " + range() + "]";
        }
    }

    private final List<Issue> issues;

    KnownKernelIssues(List<Issue> issues) {
        this.issues = List.copyOf(issues);
    }

    /** The table shipped in this bundle. */
    static KnownKernelIssues bundled() {
        try (InputStream in = KnownKernelIssues.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** @throws IllegalArgumentException naming the source and line of a malformed entry */
    static KnownKernelIssues parse(String table, String source) {
        List<Issue> issues = new ArrayList<>();
        String[] lines = table.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            String where = source + " line " + (i + 1);
            if (fields.length != 5) {
                throw new IllegalArgumentException(where + ": expected 5 tab-separated fields (id, from, until, what "
                        + "happens, safe setting), found " + fields.length);
            }
            int[] from = fields[1].isBlank() ? null : release(fields[1].trim(), where);
            int[] until = fields[2].isBlank() ? null : release(fields[2].trim(), where);
            if (from == null && until == null) {
                throw new IllegalArgumentException(where + ": an issue needs a first affected or a first fixed release");
            }
            if (fields[0].isBlank() || fields[3].isBlank() || fields[4].isBlank()) {
                throw new IllegalArgumentException(where + ": id, what happens and the safe setting must not be empty");
            }
            issues.add(new Issue(fields[0].trim(), from, until, fields[3].trim(), fields[4].trim()));
        }
        return new KnownKernelIssues(issues);
    }

    List<Issue> all() {
        return issues;
    }

    /** The issues that affect kernel {@code release} (as {@code uname -r} gives it); none when it is not a version. */
    List<Issue> affecting(String release) {
        Matcher matcher = RELEASE.matcher(release);
        if (!matcher.find()) {
            return List.of();
        }
        int[] version = numbers(matcher);
        return issues.stream().filter(issue -> issue.affects(version)).toList();
    }

    private static int[] release(String text, String where) {
        Matcher matcher = RELEASE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a kernel release such as 6.17 or 5.12.1");
        }
        return numbers(matcher);
    }

    private static int[] numbers(Matcher matcher) {
        int[] version = new int[3];
        for (int group = 1; group <= 3; group++) {
            version[group - 1] = matcher.group(group) == null ? 0 : Integer.parseInt(matcher.group(group));
        }
        return version;
    }

    private static int compare(int[] a, int[] b) {
        return Arrays.compare(a, b);
    }

    private static String format(int[] version) {
        return version[2] == 0 ? version[0] + "." + version[1] : version[0] + "." + version[1] + "." + version[2];
    }
}
