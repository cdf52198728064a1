package io.cfkit.cfdeploy.local;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An app's log files, one per instance index ({@code 0.log}) plus the one rotated out before it
 * ({@code 0.log.1}, see {@link InstanceLogWriter}), read the way {@code cf logs} shows them.
 */
final class LogFiles {

    /** Each instance's log is rotated at this size: 10 MiB of current lines and 10 MiB of older ones. */
    static final long CAP_BYTES = 10L * 1024 * 1024;

    private LogFiles() {
    }

    /** Where a log file goes when it is rotated. */
    static Path rotated(Path log) {
        return log.resolveSibling(log.getFileName() + ".1");
    }

    /** The last lines of each instance, from the rotated file too when the current one has fewer. */
    static List<String> recent(Path folder, String app, int linesPerInstance) {
        List<String> lines = new ArrayList<>();
        for (Path file : files(folder)) {
            List<String> current = readLines(file);
            List<String> all = current;
            if (current.size() < linesPerInstance) {
                all = new ArrayList<>(readLines(rotated(file)));
                all.addAll(current);
            }
            String prefix = "[" + app + "/" + index(file) + "] ";
            all.subList(Math.max(0, all.size() - linesPerInstance), all.size())
                    .forEach(line -> lines.add(prefix + line));
        }
        return lines;
    }

    /**
     * Prints new lines of every instance's log as they come, until the thread is interrupted. A file is
     * known by its identity (inode), not its name: when the name points at a new file, the old one was
     * rotated, and its last lines are printed from the rotated file before the new file's.
     */
    static void follow(Path folder, String app, PrintWriter out) throws InterruptedException {
        Map<Path, Position> positions = new HashMap<>();
        for (Path file : files(folder)) {
            Position.of(file).ifPresent(p -> positions.put(file, p.atEnd()));
        }
        while (!Thread.currentThread().isInterrupted()) {
            for (Path file : files(folder)) {
                String prefix = "[" + app + "/" + index(file) + "] ";
                Position seen = positions.get(file);
                Position now = Position.of(file).orElse(null);
                if (now == null) {
                    continue;
                }
                long offset = 0;
                if (seen != null && seen.sameFile(now)) {
                    offset = now.length() < seen.offset() ? 0 : seen.offset();
                } else if (seen != null) {
                    Path rotated = rotated(file);
                    if (Position.of(rotated).filter(seen::sameFile).isPresent()) {
                        printFrom(rotated, seen.offset(), prefix, out);
                    }
                }
                positions.put(file, now.at(printFrom(file, offset, prefix, out)));
            }
            out.flush();
            Thread.sleep(250);
        }
    }

    /** Prints the whole lines from {@code offset} on; returns the offset after the last one printed. */
    private static long printFrom(Path file, long offset, String prefix, PrintWriter out) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() <= offset) {
                return offset;
            }
            raf.seek(offset);
            byte[] bytes = new byte[(int) (raf.length() - offset)];
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return offset;
            }
            text.substring(0, lastNewline).lines().forEach(line -> out.println(prefix + line));
            return offset + text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
        } catch (FileNotFoundException rotatedMeanwhile) {
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+\\.log"))
                    .sorted((a, b) -> Integer.compare(index(a), index(b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int index(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.indexOf('.')));
    }

    private static List<String> readLines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How far a file has been printed, and which file that was. */
    private record Position(Object fileKey, long length, long offset) {

        static Optional<Position> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Position(attributes.fileKey(), attributes.size(), 0));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Where the file system has no file identity, only a shrinking file tells a rotation. */
        boolean sameFile(Position other) {
            return fileKey == null || other.fileKey == null || Objects.equals(fileKey, other.fileKey);
        }

        Position atEnd() {
            return at(length);
        }

        Position at(long newOffset) {
            return new Position(fileKey, length, newOffset);
        }
    }
}
