package io.cfkit.cfdeploy.configrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfkit.cfdeploy.UserError;
import io.cfkit.cfdeploy.traffic.Rollout;
import io.cfkit.cfdeploy.traffic.Rollout.Plan;
import io.cfkit.cfdeploy.traffic.Rollout.Version;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollout state, lock and resume requests shared by two machines through a remote config repository. */
class SharedRolloutStoreTest {

    private static final Instant MORNING = Instant.parse("2026-11-30T06:50:00Z");
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private BareRemote remote;
    private final StringWriter laptopOut = new StringWriter();
    private final StringWriter ciOut = new StringWriter();

    @BeforeEach
    void remote() throws Exception {
        remote = BareRemote.create(dir, BareRemote.GATEWAY_CONFIG);
    }

    @Test
    void aLockTakenOnOneMachineRefusesTheOtherNamingTheHolderAndSinceWhen() throws Exception {
        try (AutoCloseable held = laptop(false).lock("hello", "canary hello --weight 10")) {
            assertThatThrownBy(() -> ciWorker(false).lock("hello", "promote hello"))
                    .isInstanceOf(UserError.class)
                    .hasMessage("a rollout of hello is in progress (cf-deploy canary hello --weight 10 by alice@laptop,"
                            + " pid " + PID + " since 2026-11-30T06:50:00Z): wait for it, or break a stale lock with"
                            + " --force-unlock");
            // Another service's rollout is not held up.
            ciWorker(false).lock("world", "promote world").close();
        }
    }

    @Test
    void ofMachinesTakingTheLockAtTheSameMomentExactlyOneGetsIt() throws Exception {
        List<SharedRolloutStore> machines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SharedRolloutStore machine = new SharedRolloutStore(clone("machine-" + i), false,
                    new PrintWriter(new StringWriter()), Clock.fixed(MORNING, ZoneOffset.UTC), "ci@worker-" + i);
            machine.find("hello"); // cloned beforehand: the race is between the pushes
            machines.add(machine);
        }
        ExecutorService threads = Executors.newFixedThreadPool(machines.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AutoCloseable>> attempts = new ArrayList<>();
            for (SharedRolloutStore machine : machines) {
                attempts.add(threads.submit(() -> {
                    start.await();
                    return machine.lock("hello", "promote hello");
                }));
            }
            start.countDown();
            int taken = 0;
            for (Future<AutoCloseable> attempt : attempts) {
                try {
                    attempt.get(60, TimeUnit.SECONDS);
                    taken++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(UserError.class)
                            .hasMessageStartingWith("a rollout of hello ");
                }
            }
            assertThat(taken).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closingReleasesTheLock() throws Exception {
        laptop(false).lock("hello", "promote hello").close();

        assertThat(remote.ref("refs/cf-deploy/locks/hello")).isNull();
        ciWorker(false).lock("hello", "rollback hello").close();
    }

    @Test
    void forceUnlockBreaksAStaleLockSayingWhoseItWas() throws Exception {
        AutoCloseable stale = laptop(false).lock("hello", "deploy hello --version green");

        try (AutoCloseable taken = ciWorker(true).lock("hello", "rollback hello")) {
            assertThat(ciOut.toString()).isEqualTo("Broke the rollout lock of hello held by cf-deploy deploy hello"
                    + " --version green by alice@laptop, pid " + PID + " since 2026-11-30T06:50:00Z."
                    + System.lineSeparator());
            // The broken holder's close leaves the new holder's lock alone.
            stale.close();
            assertThatThrownBy(() -> laptop(false).lock("hello", "promote hello"))
                    .hasMessageContaining("cf-deploy rollback hello by bob@ci-worker");
        }
        assertThat(remote.ref("refs/cf-deploy/locks/hello")).isNull();
    }

    @Test
    void aRefDeletedByAnotherMachineIsGoneFromTheClone() {
        ConfigRepoClone laptop = clone("laptop-state");
        ObjectId written = laptop.writeShared("locks/hello", ObjectId.zeroId(), "{}", "Lock hello").orElseThrow();
        assertThat(laptop.readShared("locks/hello")).map(ConfigRepoClone.SharedValue::commit).contains(written);

        assertThat(clone("ci-state").deleteShared("locks/hello", written)).isTrue();

        assertThat(laptop.readShared("locks/hello")).isEmpty();
        assertThat(laptop.deleteShared("locks/hello", written)).as("nothing left to delete").isFalse();
    }

    @Test
    void forceUnlockWithNoLockHeldJustTakesIt() throws Exception {
        ciWorker(true).lock("hello", "promote hello").close();

        assertThat(ciOut.toString()).isEmpty();
    }

    @Test
    void aRolloutSavedOnOneMachineIsReadOnTheOtherAndNotOnTheServedBranch() throws Exception {
        ObjectId served = remote.head();
        Rollout rollout = new Rollout("hello", new Version("blue", "hello", 2), new Version("green", "hello-green", 2),
                null, new Plan(List.of(10, 50, 100), 1, true));

        laptop(false).save(rollout);
        assertThat(ciWorker(false).find("hello")).contains(rollout);

        Rollout promoted = new Rollout("hello", new Version("green", "hello-green", 2), null,
                new Version("blue", "hello", 2), null);
        ciWorker(false).save(promoted);
        assertThat(laptop(false).find("hello")).contains(promoted);
        assertThat(laptop(false).find("world")).isEmpty();
        assertThat(remote.head()).as("the config server's branch").isEqualTo(served);
    }

    @Test
    void aResumeRequestedOnOneMachineIsTakenOnceOnTheOther() {
        MutableClock clock = new MutableClock();
        SharedRolloutStore pausedPlan = new SharedRolloutStore(clone("laptop-state"), false,
                new PrintWriter(laptopOut), clock, "alice@laptop");
        assertThat(pausedPlan.takeResumeRequest("hello")).isFalse();

        ciWorker(false).requestResume("hello");
        assertThat(pausedPlan.takeResumeRequest("hello")).as("asked too soon after the last ask").isFalse();
        clock.now = clock.now.plus(SharedRolloutStore.RESUME_CHECK_INTERVAL);
        assertThat(pausedPlan.takeResumeRequest("hello")).isTrue();
        clock.now = clock.now.plus(SharedRolloutStore.RESUME_CHECK_INTERVAL);
        assertThat(pausedPlan.takeResumeRequest("hello")).isFalse();
    }

    private SharedRolloutStore laptop(boolean forceUnlock) {
        return new SharedRolloutStore(clone("laptop-state"), forceUnlock, new PrintWriter(laptopOut),
                Clock.fixed(MORNING, ZoneOffset.UTC), "alice@laptop");
    }

    private SharedRolloutStore ciWorker(boolean forceUnlock) {
        return new SharedRolloutStore(clone("ci-state"), forceUnlock, new PrintWriter(ciOut),
                Clock.fixed(MORNING.plusSeconds(60), ZoneOffset.UTC), "bob@ci-worker");
    }

    private ConfigRepoClone clone(String state) {
        return ConfigRepoClone.in(dir.resolve(state), remote.source());
    }

    private static final class MutableClock extends Clock {
        Instant now = MORNING;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
