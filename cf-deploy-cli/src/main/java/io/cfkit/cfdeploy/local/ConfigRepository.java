package io.cfkit.cfdeploy.local;

import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The git repository the local config server serves: made once from the kit's {@code config-repo/}
 * folder, then the user's to change and commit to, like the seed's demo-config repository.
 */
final class ConfigRepository {

    static final String BRANCH = "main";

    private ConfigRepository() {
    }

    /**
     * Creates the repository unless it exists; returns its location as the config server's git URI: a
     * plain path, not a file: URI, because the config server serves a file: repository's working tree in
     * place (uncommitted edits included) but clones a path, so only commits reach the apps.
     */
    static String ensure(Path repo, Path initialContent) {
        if (!Files.isDirectory(repo.resolve(".git"))) {
            create(repo, initialContent);
        }
        return repo.toAbsolutePath().toString();
    }

    private static void create(Path repo, Path initialContent) {
        if (!Files.isDirectory(initialContent)) {
            throw new UserError("no " + initialContent + " to make the config repository from:"
                    + " run cf-deploy from the kit's top folder, or set CONFIG_REPO_URI to a git repository");
        }
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch(BRANCH).call();
                Stream<Path> files = Files.walk(initialContent)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = repo.resolve(initialContent.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Initial configuration from the kit's config-repo/")
                    .setAuthor("cf-deploy", "cf-deploy@localhost")
                    .setCommitter("cf-deploy", "cf-deploy@localhost")
                    .setSign(false)
                    .call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create the config repository at " + repo, e);
        }
    }
}
