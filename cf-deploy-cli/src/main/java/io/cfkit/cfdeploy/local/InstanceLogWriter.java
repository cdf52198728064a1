package io.cfkit.cfdeploy.local;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies an instance's output (stdout and stderr) into its log file and rotates the file once it reaches
 * the cap: the full file becomes the rotated one (replacing the one before), so an instance's log never
 * takes much more than twice the cap, as Cloud Foundry's log rate limit bounds what an app's logs cost.
 * Rotation waits for the end of a line, so no line is cut in two between the files.
 *
 * <p>It always drains the output, even when the file cannot be written: an instance whose output pipe
 * fills up would block on its next log line.
 */
final class InstanceLogWriter implements Runnable {

    /** What a line may add past the cap before the file is rotated anyway, in the middle of that line. */
    private static final int LONGEST_LINE = 64 * 1024;

    private final InputStream output;
    private final Path file;
    private final long capBytes;

    InstanceLogWriter(InputStream output, Path file, long capBytes) {
        this.output = output;
        this.file = file;
        this.capBytes = capBytes;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        FileOutputStream log = null;
        boolean failing = false;
        try (output) {
            int n;
            while ((n = output.read(buffer)) >= 0) {
                try {
                    log = write(log, buffer, n);
                    failing = false;
                } catch (IOException e) {
                    closeQuietly(log);
                    log = null;
                    if (!failing) {
                        System.err.println("cannot write " + file + ": " + e.getMessage()
                                + "; dropping the instance's output until it can");
                    }
                    failing = true;
                }
            }
        } catch (IOException e) {
            // the instance's end of the pipe is gone: it exited, and everything it wrote is copied
        } finally {
            closeQuietly(log);
        }
    }

    /** Writes one chunk, rotating first if the file reached the cap; returns the file to write next. */
    private FileOutputStream write(FileOutputStream log, byte[] buffer, int n) throws IOException {
        if (log == null) {
            log = open();
        }
        int from = 0;
        long size = log.getChannel().size();
        if (size + n > capBytes) {
            int lineEnd = lastNewline(buffer, n);
            if (lineEnd >= 0 || size + n > capBytes + LONGEST_LINE) {
                from = lineEnd + 1;
                log.write(buffer, 0, from);
                log.close();
                Files.move(file, LogFiles.rotated(file), StandardCopyOption.REPLACE_EXISTING);
                log = open();
            }
        }
        log.write(buffer, from, n - from);
        return log;
    }

    /** Appends, so lines the platform writes beside the instance's (PlatformLog) are kept whole. */
    private FileOutputStream open() throws IOException {
        return new FileOutputStream(file.toFile(), true);
    }

    private static int lastNewline(byte[] buffer, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void closeQuietly(FileOutputStream log) {
        if (log == null) {
            return;
        }
        try {
            log.close();
        } catch (IOException ignored) {
            // nothing more can be lost than what the close could not write
        }
    }
}
