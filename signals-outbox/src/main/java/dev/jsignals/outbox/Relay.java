package dev.jsignals.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due rows and hands them to their targets: in relay threads, or in the caller's thread with
 * {@link #deliverDue()}. Thread-safe.
 */
final class Relay {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Store store;
  private final Settings settings;
  private final Map<String, DeliveryTarget> targets;
  private final Heartbeat heartbeat;
  private final Receivers receivers;
  private final Circuits circuits;
  private final Outcomes outcomes;
  private final Vacuum vacuum;
  private final Object monitor = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private boolean woken;
  private volatile boolean running;
  private volatile long lastPurge;
  private volatile long lastMarkDead = System.nanoTime() - Long.MAX_VALUE / 2;

  final LongAdder attempts = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder fenced = new LongAdder();
  private final AtomicInteger finishing = new AtomicInteger();
  final Progress progress = new Progress();

  Relay(Store store, Settings settings, Map<String, DeliveryTarget> targets) {
    this.store = store;
    this.settings = settings;
    this.targets = targets;
    this.heartbeat = new Heartbeat(store, settings.owner(), settings.lease());
    this.receivers = new Receivers(settings.owner(), settings.deliveryTimeout(), settings.lease());
    this.circuits =
        new Circuits(
            settings.backoff(), Outcomes.min(settings.maxBackoff(), Duration.ofMinutes(5)));
    this.outcomes = new Outcomes(store, settings, circuits, failed, fenced);
    this.vacuum = new Vacuum(store, settings.owner(), settings.vacuumEvery());
  }

  /** Wakes the relay threads: rows were just committed. */
  void wake() {
    synchronized (monitor) {
      woken = true;
      monitor.notifyAll();
    }
  }

  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < settings.relayThreads(); i++) {
      Thread thread = new Thread(this::loop, "jsignals-relay-" + settings.owner() + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  boolean running() {
    return running;
  }

  synchronized void stop(Duration wait) throws InterruptedException {
    running = false;
    wake();
    long deadline = System.nanoTime() + wait.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    threads.clear();
    heartbeat.stop();
    receivers.stop();
    vacuum.stop(deadline - System.nanoTime());
  }

  /** Delivers every row due now, in the caller's thread; reports what happened. */
  DeliveryReport deliverDue() {
    DeliveryReport report = new DeliveryReport(0, 0, 0, 0, 0);
    try (Handle handle = store.jdbi().open()) {
      while (true) {
        List<Claim> claims = claim(handle, true);
        if (claims.isEmpty()) {
          progress.ranDry();
          return report;
        }
        report = report.plus(deliverAll(handle, claims));
      }
    }
  }

  /**
   * Delivers a claimed batch: the rows of {@link BatchDeliveryTarget}s first, by {@link
   * #deliverBatches}, then the others. Those are of different keys (for them a claim takes the
   * first undelivered row of each key). With {@code parallelism} 1 they run one after the other,
   * each completed as soon as its receiver returned; above 1, up to that many run at once and one
   * statement then completes every row delivered. Either way each completion is a compare-and-set
   * on its claim, and failures are recorded one row at a time. The heartbeat renews the leases of
   * the rows not finished yet. Rows of a target found unreachable in this batch and not started yet
   * are given back untried.
   */
  private DeliveryReport deliverAll(Handle handle, List<Claim> all) {
    finishing.incrementAndGet();
    try {
      return deliverClaimed(handle, all);
    } finally {
      finishing.decrementAndGet();
    }
  }

  /**
   * {@return whether no batch of this relay is being finished now}: rows leave {@code pending} only
   * while their batch is being finished, and its counters are up to date before it ends, so once no
   * row is pending and then no batch is being finished, the counters count every row finished.
   */
  boolean settled() {
    return finishing.get() == 0;
  }

  private DeliveryReport deliverClaimed(Handle handle, List<Claim> all) {
    all.forEach(heartbeat::hold);
    int[] ends = new int[Outcomes.Outcome.values().length];
    List<Claim> claims = new ArrayList<>(all.size());
    Map<String, List<Claim>> batches = new LinkedHashMap<>();
    for (Claim claim : all) {
      if (targets.get(claim.row.receiver()) instanceof BatchDeliveryTarget) {
        batches.computeIfAbsent(claim.row.receiver(), r -> new ArrayList<>()).add(claim);
      } else {
        claims.add(claim);
      }
    }
    int group = settings.parallelism() == 1 ? 1 : claims.size();
    try {
      if (!batches.isEmpty() && !deliverBatches(handle, batches, ends)) {
        for (Claim rest : claims) {
          ends[giveBack(handle, rest, 0).ordinal()]++;
        }
        return report(ends);
      }
      for (int from = 0; from < claims.size(); from += group) {
        List<Claim> part = claims.subList(from, Math.min(claims.size(), from + group));
        if (!deliverGroup(handle, part, ends)) {
          for (Claim rest : claims.subList(from + part.size(), claims.size())) {
            ends[giveBack(handle, rest, 0).ordinal()]++;
          }
          break;
        }
      }
    } finally {
      all.forEach(heartbeat::release);
    }
    return report(ends);
  }

  /**
   * Delivers the rows of {@link BatchDeliveryTarget}s: one call per target with all its rows, each
   * key's rows in sequence order, the targets at once. Per key, the rows answered delivered up to
   * the first failure are completed together with every other target's in one statement; the first
   * failure is recorded as a failed delivery, and the key's later rows are given back untried. A
   * call that fails as a whole (throws, or outlives its deadline) records the failure on every row
   * it was handed. A row that cannot start (its target paused, its claim lost) gives back the rest
   * of its key too.
   *
   * @return false if the relay thread was interrupted (the rows not finished were given back)
   */
  private boolean deliverBatches(Handle handle, Map<String, List<Claim>> batches, int[] ends) {
    List<Receivers.Job> jobs = new ArrayList<>(batches.size());
    List<List<Claim>> sent = new ArrayList<>(batches.size());
    List<AtomicReference<List<@Nullable Exception>>> answers = new ArrayList<>(batches.size());
    for (List<Claim> claims : batches.values()) {
      List<Claim> ready = new ArrayList<>(claims.size());
      for (List<Claim> key : byKey(claims)) {
        for (int i = 0; i < key.size(); i++) {
          List<Receivers.Job> one = new ArrayList<>(1);
          Outcomes.Outcome early = prepare(handle, key.get(i), one);
          if (early != null) {
            ends[early.ordinal()]++;
            for (Claim rest : key.subList(i + 1, key.size())) {
              ends[giveBack(handle, rest, 0).ordinal()]++;
            }
            break;
          }
          ready.add(key.get(i));
        }
      }
      if (ready.isEmpty()) {
        continue;
      }
      BatchDeliveryTarget target = (BatchDeliveryTarget) targets.get(ready.get(0).row.receiver());
      List<OutboxRow> rows = new ArrayList<>(ready.size());
      ready.forEach(claim -> rows.add(claim.row));
      AtomicReference<List<@Nullable Exception>> answer = new AtomicReference<>();
      DeliveryTarget call =
          unused -> {
            List<@Nullable Exception> result = target.deliverBatch(rows);
            if (result.size() != rows.size()) {
              throw new IllegalStateException(
                  target.getClass().getName()
                      + ".deliverBatch answered "
                      + result.size()
                      + " times for "
                      + rows.size()
                      + " rows: it must answer once per row");
            }
            answer.set(result);
          };
      // The batch's deadline: its first row's lease, which its others' leases do not end before.
      jobs.add(new Receivers.Job(call, ready.get(0)));
      sent.add(ready);
      answers.add(answer);
    }
    List<Receivers.Result> results;
    try {
      results =
          receivers.runAll(
              jobs, jobs.size(), job -> circuits.pausedFor(job.claim().row.receiver()) == 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      for (List<Claim> claims : sent) {
        for (Claim claim : claims) {
          ends[giveBack(handle, claim, 0).ordinal()]++;
        }
      }
      return false;
    }
    List<Claim> returned = new ArrayList<>();
    for (int b = 0; b < jobs.size(); b++) {
      Receivers.Result result = results.get(b);
      List<Claim> claims = sent.get(b);
      if (result.end() == Receivers.End.NOT_STARTED) {
        long paused = circuits.pausedFor(claims.get(0).row.receiver());
        for (Claim claim : claims) {
          ends[giveBack(handle, claim, paused).ordinal()]++;
        }
        continue;
      }
      List<@Nullable Exception> answer = answers.get(b).get();
      int index = 0;
      Map<Claim, Integer> position = new java.util.IdentityHashMap<>();
      for (Claim claim : claims) {
        position.put(claim, index++);
      }
      for (List<Claim> key : byKey(claims)) {
        boolean stopped = false;
        for (Claim claim : key) {
          if (stopped) {
            ends[giveBack(handle, claim, 0).ordinal()]++;
            continue;
          }
          attempts.increment();
          if (answer == null) {
            // The call failed as a whole (threw, or outlived its deadline): no row is known to be
            // delivered, and each was handed over, so each counts the failed attempt. Counting it
            // for the key's first row only would hand a row that hangs its target over forever.
            ends[
                (claim.lost() ? outcomes.lost(claim) : outcomes.ended(handle, claim, result))
                    .ordinal()]++;
            continue;
          }
          Receivers.Result one =
              answer.get(position.get(claim)) == null
                  ? new Receivers.Result(Receivers.End.RETURNED, null)
                  : new Receivers.Result(Receivers.End.THREW, answer.get(position.get(claim)));
          if (claim.lost()) {
            ends[outcomes.lost(claim).ordinal()]++;
          } else if (one.end() == Receivers.End.RETURNED) {
            returned.add(claim);
            continue;
          } else {
            ends[outcomes.ended(handle, claim, one).ordinal()]++;
          }
          stopped = true;
        }
      }
    }
    complete(handle, returned, ends);
    return true;
  }

  /** Splits claims into their keys' runs, each in sequence order; keys in order of first claim. */
  private static List<List<Claim>> byKey(List<Claim> claims) {
    Map<List<String>, List<Claim>> keys = new LinkedHashMap<>();
    for (Claim claim : claims) {
      OutboxRow row = claim.row;
      keys.computeIfAbsent(List.of(row.receiver(), row.model(), row.key()), k -> new ArrayList<>())
          .add(claim);
    }
    List<List<Claim>> runs = new ArrayList<>(keys.values());
    runs.forEach(run -> run.sort(Comparator.comparingLong(claim -> claim.row.seq())));
    return runs;
  }

  /**
   * Delivers some rows of a batch at once and completes those delivered in one statement. A row
   * whose receiver could not start with a quarter of its lease ahead (a relay starved of CPU) is
   * renewed and tried again, up to three times, then given back untried.
   *
   * @return false if the relay thread was interrupted (the rows not finished were given back)
   */
  private boolean deliverGroup(Handle handle, List<Claim> claims, int[] ends) {
    List<Claim> todo = claims;
    for (int tries = 1; !todo.isEmpty(); tries++) {
      List<Receivers.Job> jobs = new ArrayList<>(todo.size());
      for (Claim claim : todo) {
        Outcomes.Outcome early = prepare(handle, claim, jobs);
        if (early != null) {
          ends[early.ordinal()]++;
        }
      }
      List<Receivers.Result> results;
      try {
        results =
            receivers.runAll(
                jobs,
                settings.parallelism(),
                job -> circuits.pausedFor(job.claim().row.receiver()) == 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
        for (Receivers.Job job : jobs) {
          ends[giveBack(handle, job.claim(), 0).ordinal()]++;
        }
        return false;
      }
      List<Claim> returned = new ArrayList<>(jobs.size());
      List<Claim> late = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        Claim claim = jobs.get(i).claim();
        Receivers.Result result = results.get(i);
        if (result.end() == Receivers.End.NOT_STARTED) {
          long paused = circuits.pausedFor(claim.row.receiver());
          if (paused == 0 && !claim.lost() && tries < 3) {
            late.add(claim);
          } else {
            // Paused target, or starved of CPU each time: give the row back untried.
            ends[giveBack(handle, claim, paused).ordinal()]++;
          }
          continue;
        }
        attempts.increment();
        if (claim.lost()) {
          ends[outcomes.lost(claim).ordinal()]++;
        } else if (result.end() == Receivers.End.RETURNED) {
          returned.add(claim);
        } else {
          ends[outcomes.ended(handle, claim, result).ordinal()]++;
        }
      }
      complete(handle, returned, ends);
      todo = late;
    }
    return true;
  }

  /** Completes the delivered rows in one statement: one compare-and-set per row on its claim. */
  private void complete(Handle handle, List<Claim> returned, int[] ends) {
    if (returned.isEmpty()) {
      return;
    }
    List<OutboxRow> rows = new ArrayList<>(returned.size());
    returned.forEach(claim -> rows.add(claim.row));
    Set<Long> completed = store.complete(handle, rows, settings.keepDelivered());
    vacuum.finished(completed.size());
    for (Claim claim : returned) {
      if (completed.contains(claim.row.id())) {
        delivered.increment();
        circuits.closed(claim.row.receiver());
        ends[Outcomes.Outcome.DELIVERED.ordinal()]++;
      } else {
        ends[outcomes.lost(claim).ordinal()]++;
      }
    }
  }

  private static DeliveryReport report(int[] ends) {
    return new DeliveryReport(
        ends[Outcomes.Outcome.DELIVERED.ordinal()],
        ends[Outcomes.Outcome.FAILED.ordinal()],
        ends[Outcomes.Outcome.DEAD.ordinal()],
        ends[Outcomes.Outcome.DEFERRED.ordinal()],
        ends[Outcomes.Outcome.LOST.ordinal()]);
  }

  /** {@return how many vacuums of the outbox table this relay ran} */
  long vacuums() {
    return vacuum.runs();
  }

  long renewals() {
    return heartbeat.renewals.sum();
  }

  /**
   * Claims due rows. With {@code markDead} set, or else once per poll interval, the rows whose
   * relay died too often are made dead first ({@link Store#markDead}) and the claim looks at every
   * row due; the claims in between look at the first {@link Store#window} rows due only. A claim
   * woken by a commit then costs one statement, not two, and reads no more rows than its window
   * where many rows wait behind the first of their key; a key's first row behind a window of such
   * rows waits at most a poll interval.
   */
  private List<Claim> claim(Handle handle, boolean markDead) {
    long start = System.nanoTime();
    Set<String> claimable = circuits.claimable(targets.keySet());
    Set<String> batched = new HashSet<>();
    for (String receiver : claimable) {
      if (targets.get(receiver) instanceof BatchDeliveryTarget) {
        batched.add(receiver);
      }
    }
    boolean everyRow = markDead || start - lastMarkDead >= settings.pollInterval().toNanos();
    if (everyRow) {
      lastMarkDead = start;
      store.markDead(handle, claimable, settings);
    }
    List<OutboxRow> rows =
        store.claimDue(
            handle, settings.owner(), claimable, batched, settings.batchSize(), settings, everyRow);
    List<Claim> claims = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      claims.add(new Claim(row, start + settings.lease().toNanos()));
    }
    return claims;
  }

  /**
   * A relay thread: one connection for its claims and completions (never inside a transaction while
   * a receiver runs), reopened after a failure.
   */
  private void loop() {
    Handle handle = null;
    while (running) {
      try {
        if (handle == null) {
          handle = store.jdbi().open();
        }
        List<Claim> claims = claim(handle, false);
        vacuum.afterClaim(claims.isEmpty(), store.backlog());
        deliverAll(handle, claims);
        purge(handle);
        if (claims.isEmpty()) {
          progress.ranDry();
          await();
        }
      } catch (RuntimeException e) {
        log.warn(
            "Outbox relay {}: cannot reach the outbox ({}); trying again",
            settings.owner(),
            Failures.describe(e));
        close(handle);
        handle = null;
        await();
      }
    }
    close(handle);
  }

  private static void close(@Nullable Handle handle) {
    if (handle != null) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        log.debug("Closing a relay connection failed", e);
      }
    }
  }

  private void await() {
    synchronized (monitor) {
      if (!woken && running) {
        try {
          monitor.wait(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }

  private void purge(Handle handle) {
    long now = System.currentTimeMillis();
    if (settings.keepDelivered().isZero() || now - lastPurge < settings.pollInterval().toMillis()) {
      return;
    }
    lastPurge = now;
    vacuum.finished(store.purge(handle, settings.keepDelivered()));
  }

  /**
   * Readies one claimed row for its receiver (adding it to {@code jobs}), or ends it here: given
   * back when its target is paused, failed when no receiver of that name is connected, lost when
   * the renewal its long wait called for found the claim gone.
   *
   * @return how the row ended, or {@code null} when it was added to {@code jobs}
   */
  private Outcomes.@Nullable Outcome prepare(Handle handle, Claim claim, List<Receivers.Job> jobs) {
    OutboxRow row = claim.row;
    DeliveryTarget target = targets.get(row.receiver());
    long paused = circuits.pausedFor(row.receiver());
    if (paused > 0) {
      // Its target was found unreachable earlier in this batch: give the row back untried.
      return giveBack(handle, claim, paused);
    }
    if (target == null) {
      attempts.increment();
      return outcomes.failed(
          handle,
          claim,
          Failures.describe(
              new IllegalStateException("no durable receiver '" + row.receiver() + "' here")));
    }
    if (claim.confirmedUntil() - System.nanoTime() < settings.lease().toNanos() / 2) {
      // The claim waited long (for SQLite's lock, or behind earlier rows of its batch): renew
      // before the receiver starts rather than stop it at once.
      long start = System.nanoTime();
      if (!store.renew(handle, row, settings.lease())) {
        return outcomes.lost(claim);
      }
      claim.renewed(start + settings.lease().toNanos());
    }
    jobs.add(new Receivers.Job(target, claim));
    return null;
  }

  /** Gives a claimed row back without counting the attempt. */
  private Outcomes.Outcome giveBack(Handle handle, Claim claim, long delayMillis) {
    return store.release(handle, claim.row, null, delayMillis)
        ? Outcomes.Outcome.DEFERRED
        : outcomes.lost(claim);
  }

  Settings settings() {
    return settings;
  }

  /** The full backoff after attempt {@code attempt}: base * 2^(attempt - 1), capped. */
  long fullBackoff(int attempt) {
    return outcomes.fullBackoff(attempt);
  }

  /** Exponential backoff with jitter: between half and all of the full backoff. */
  long backoff(int attempt) {
    return outcomes.backoff(attempt);
  }
}
