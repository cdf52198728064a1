package io.cfkit.cfdeploy.cf;

import com.fasterxml.jackson.core.JacksonException;
import io.cfkit.cfdeploy.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;
import org.cloudfoundry.AbstractCloudFoundryException;
import org.cloudfoundry.client.v3.ClientV3Exception;
import org.cloudfoundry.uaa.UaaException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How cf-deploy makes each Cloud Foundry call, by what the call is: a read or an idempotent change (PUT-like, scale
 * to N) is retried with backoff on a 5xx or a broken connection; any other change is made once and its failure
 * reported, because repeating it could do it twice. Under --dry-run a change is printed, not made; reads are made,
 * so the printed calls name real guids.
 *
 * @param call each call is described as "METHOD path", e.g. "POST /v3/packages": never with a token or a body
 *             that may hold secrets
 */
final class CloudControllerCalls {

    private final PrintWriter out;
    private final boolean dryRun;
    private final Retry retry;
    private final Duration timeout;

    CloudControllerCalls(PrintWriter out, boolean dryRun, Duration firstBackoff, int retries, Duration timeout) {
        this.out = out;
        this.dryRun = dryRun;
        this.timeout = timeout;
        this.retry = Retry.backoff(retries, firstBackoff).filter(CloudControllerCalls::worthRetrying)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    boolean dryRun() {
        return dryRun;
    }

    /** A read, retried on 5xx and broken connections. */
    <T> T read(String call, Supplier<Mono<T>> request) {
        return run(call, Mono.defer(request).retryWhen(retry));
    }

    /** A change that leaves the same state however often it is made; null under --dry-run. */
    <T> T idempotentChange(String call, Supplier<Mono<T>> request) {
        return printedUnderDryRun(call) ? null : run(call, Mono.defer(request).retryWhen(retry));
    }

    /** A change made once: a failure is reported, never silently repeated; null under --dry-run. */
    <T> T change(String call, Supplier<Mono<T>> request) {
        return printedUnderDryRun(call) ? null : run(call, Mono.defer(request));
    }

    private boolean printedUnderDryRun(String call) {
        if (dryRun) {
            out.println("would call: " + call);
            out.flush();
        }
        return dryRun;
    }

    private <T> T run(String call, Mono<T> request) {
        try {
            return request.block(timeout);
        } catch (RuntimeException e) {
            throw failed(call, Exceptions.unwrap(e));
        }
    }

    static boolean worthRetrying(Throwable e) {
        if (e instanceof AbstractCloudFoundryException cf) {
            return cf.getStatusCode() >= 500;
        }
        // A broken connection, not an answer that does not parse: asking again would get the same answer.
        Throwable io = e instanceof IOException ? e : e.getCause();
        return io instanceof IOException && !(io instanceof JacksonException);
    }

    /** One line naming the call and what the Cloud Controller said; no header, token or body. */
    static UserError failed(String call, Throwable e) {
        if (e instanceof UserError user) {
            return user;
        }
        if (e instanceof UaaException uaa) {
            // Never UAA's description: some versions quote the refused token in it.
            return new UserError(call + " needs a new token, and UAA refused to give one (" + uaa.getStatusCode() + " "
                    + uaa.getError() + "): run cf login");
        }
        if (e instanceof AbstractCloudFoundryException cf && cf.getStatusCode() == 401) {
            return new UserError(call + " was refused: the Cloud Foundry login has expired or is not valid:"
                    + " run cf login");
        }
        String what;
        if (e instanceof ClientV3Exception v3 && !v3.getErrors().isEmpty()) {
            what = v3.getStatusCode() + " " + v3.getErrors().get(0).getTitle() + ": "
                    + v3.getErrors().get(0).getDetail();
        } else if (e instanceof AbstractCloudFoundryException cf) {
            what = "status " + cf.getStatusCode();
        } else if (e instanceof IllegalStateException && e.getMessage() != null
                && e.getMessage().startsWith("Timeout")) {
            what = "no answer in time";
        } else {
            what = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + firstLine(e.getMessage()) : "");
        }
        return new UserError(call + " failed: " + what);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
