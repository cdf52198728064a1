package io.cfkit.cfdeploy.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** An app's log files, one per instance index, read the way {@code cf logs} shows them. */
final class LogFiles {

    private LogFiles() {
    }

    static List<String> recent(Path folder, String app, int linesPerInstance) {
        List<String> lines = new ArrayList<>();
        for (Path file : files(folder)) {
            List<String> all = readLines(file);
            String prefix = "[" + app + "/" + index(file) + "] ";
            all.subList(Math.max(0, all.size() - linesPerInstance), all.size())
                    .forEach(line -> lines.add(prefix + line));
        }
        return lines;
    }

    /** Prints new lines of every instance's log as they come, until the thread is interrupted. */
    static void follow(Path folder, String app, PrintWriter out) throws InterruptedException {
        Map<Path, Long> offsets = new HashMap<>();
        for (Path file : files(folder)) {
            offsets.put(file, file.toFile().length());
        }
        while (!Thread.currentThread().isInterrupted()) {
            for (Path file : files(folder)) {
                long offset = offsets.getOrDefault(file, 0L);
                long length = file.toFile().length();
                if (length < offset) {
                    offset = 0;
                }
                if (length > offset) {
                    String prefix = "[" + app + "/" + index(file) + "] ";
                    offsets.put(file, printFrom(file, offset, prefix, out));
                }
            }
            out.flush();
            Thread.sleep(250);
        }
    }

    private static long printFrom(Path file, long offset, String prefix, PrintWriter out) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
