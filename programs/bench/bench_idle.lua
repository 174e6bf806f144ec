-- bench_idle: blocks forever waiting for an event that never comes (os.pull('never')).
-- Used by `npm run bench` to measure the memory of idle processes.
os.pull('never')
