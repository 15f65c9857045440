-- What `gateway collect` stores (docs/collector.md). Plain SQL that SQLite and PostgreSQL both run.
-- Times are the boxes' ISO 8601 UTC text ("2026-11-25T09:15:02.250Z"): sortable as text and the
-- same in both databases; received_at is the collector's clock in the same form.

-- One row per call record; (box, epoch, seq) is the contract's dedupe key (docs/mqtt.md). A record
-- from a box without epoch has epoch ''.
CREATE TABLE calls (
    box TEXT NOT NULL,
    epoch TEXT NOT NULL,
    seq BIGINT NOT NULL,
    line TEXT NOT NULL,
    direction TEXT NOT NULL,
    digits TEXT NOT NULL,
    dial TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    rule TEXT,
    blocked_at_digit INTEGER,
    flashes INTEGER NOT NULL,
    emergency BOOLEAN NOT NULL,
    clock_synced BOOLEAN NOT NULL,
    hw TEXT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (box, epoch, seq)
);
CREATE INDEX calls_by_start ON calls (start_time);

-- The latest status of each box (the retained message).
CREATE TABLE box_status (
    box TEXT PRIMARY KEY,
    online BOOLEAN NOT NULL,
    fault TEXT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Each change of a box's online flag or fault, oldest first: the offline and fault history.
CREATE TABLE status_changes (
    box TEXT NOT NULL,
    online BOOLEAN NOT NULL,
    fault TEXT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX status_changes_by_time ON status_changes (received_at);

-- Live line events (QoS 0, best effort), one row each.
CREATE TABLE events (
    box TEXT NOT NULL,
    line TEXT,
    event TEXT NOT NULL,
    time TEXT,
    uptime_ms BIGINT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX events_by_time ON events (received_at);

-- A call record whose key (box, epoch, seq) is taken by a different record: two real calls the key
-- cannot tell apart (a box reflashed before its records carried an epoch). Kept once each.
CREATE TABLE call_conflicts (
    box TEXT NOT NULL,
    epoch TEXT NOT NULL,
    seq BIGINT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (box, epoch, seq, payload)
);

-- Messages that could not be stored as what their topic says (malformed JSON, a missing field): kept here, never dropped.
CREATE TABLE rejected (
    topic TEXT NOT NULL,
    payload TEXT NOT NULL,
    reason TEXT NOT NULL,
    received_at TEXT NOT NULL
);
