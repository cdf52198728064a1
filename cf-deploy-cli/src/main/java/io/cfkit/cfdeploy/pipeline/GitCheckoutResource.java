package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfkit.cfdeploy.ChildProcesses;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The git resource, from a checkout on this machine ({@code source.uri} is its folder): the version is the
 * checkout's HEAD, and {@code in} copies its working tree, changes not yet committed included (tracked files and
 * untracked ones git does not ignore), so a local run builds what the developer sees. Uses the git command, not
 * JGit, because the kit is often a linked worktree, which JGit cannot open.
 */
final class GitCheckoutResource implements ResourceType {

    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(1);

    @Override
    public JsonNode check(JsonNode request) {
        return JsonNodeFactory.instance.arrayNode().add(version(checkout(request)));
    }

    @Override
    public JsonNode in(Path dir, JsonNode request) {
        Path checkout = checkout(request);
        String files = git(checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        int copied = 0;
        try {
            for (String file : files.split("\0")) {
                Path from = checkout.resolve(file);
                if (file.isEmpty() || !Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // deleted in the working tree, not yet in the index
                }
                Path to = dir.resolve(file);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                copied++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode head = version(checkout);
        String asked = request.path("version").path("ref").asText(head.path("ref").asText());
        ArrayNode metadata = Metadata.of("checkout", checkout.toString(), "files", String.valueOf(copied),
                "uncommitted changes", git(checkout, "status", "--porcelain").isBlank() ? "none" : "included");
        if (!asked.equals(head.path("ref").asText())) {
            metadata.add(Metadata.of("note", "version " + asked + " was asked for; a local checkout gives its"
                    + " working tree").get(0));
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("version", head);
        reply.set("metadata", metadata);
        return reply;
    }

    @Override
    public JsonNode out(Path sources, JsonNode request) {
        throw new UserError("put to a git resource is not supported by the local runner: it never changes the checkout");
    }

    private static Path checkout(JsonNode request) {
        Path checkout = Path.of(request.path("source").path("uri").asText());
        if (!Files.isDirectory(checkout)) {
            throw new UserError("git resource: source.uri '" + checkout + "' is not a folder on this machine: a local"
                    + " run takes the kit from its checkout (set git-uri to its path in the vars file)");
        }
        return checkout.toAbsolutePath().normalize();
    }

    private static ObjectNode version(Path checkout) {
        ObjectNode version = JsonNodeFactory.instance.objectNode();
        version.put("ref", git(checkout, "rev-parse", "HEAD").trim());
        return version;
    }

    private static String git(Path checkout, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", checkout.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = ChildProcesses.start(builder, "git " + args[0]);
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!ChildProcesses.awaitExit(process, GIT_TIMEOUT) || process.exitValue() != 0) {
                throw new UserError("git resource: git " + String.join(" ", args) + " failed in " + checkout);
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
