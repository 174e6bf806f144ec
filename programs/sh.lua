-- sh: the thox shell: pipelines, redirections (files and data:NAME), lists, background jobs, $?, history, completion.
-- On a terminal (a live keyboard) it edits lines and shows output there; otherwise it reads lines from stdin. docs/shell.md.

local syntax = require('shell_syntax')
local shell_data = require('shell_data')
local root = os.rpc(0)

local USAGE = [[usage: sh [-c LINE | -i]
  reads command lines: from the keyboard on a terminal (line editing, history, Tab completion),
  else from standard input; -i: from the keyboard even when the run does not say one types (input.live);
  -c runs LINE and exits with its status. 'help' lists what it runs.]]

local status = 0 -- $?: the last pipeline's exit status
local leaving -- the status `exit` asked for
local jobs = {} -- background jobs by number
local history, saved = {}, {} -- kept in the data stream (data/sh)
local keeps_data = true -- false when this process has no data stream (started as code)
local screen -- the console on the terminal, when the shell runs there
local hidden -- the terminal background jobs draw on, when the shell runs on one

--- Shell output: on the terminal, or standard output.
---@param text string
local function say(text)
  if screen then screen:write(text) else io.write(text) end
end

--- An error line: on the terminal, or standard error.
---@param text string
local function complain(text)
  if screen then
    screen:fresh_line()
    screen:write(text .. '\n')
  else
    io.stdout:flush()
    io.stderr:write(text .. '\n')
  end
end

--- Calls a shell_data function that writes the data stream; a failure (a full stream: 16 MiB) is said, in the
--- store's words, and leaves the shell going. Returns whether it was written.
---@param write function
---@return boolean
local function keep(write, ...)
  local ok, err = pcall(write, ...)
  if not ok then complain('sh: data/sh: ' .. tostring(err):gsub("^.-call 'data%.%a+' failed: ", '')) end
  return ok
end

--- The value of $NAME: $? the last status, $$ the shell's pid, else the environment's.
---@param name string
---@return string|nil
local function lookup(name)
  if name == '?' then return tostring(status) end
  if name == '$' then return tostring(os.pid()) end
  return os.getenv(name)
end

---@param pipeline table[]
---@return string
local function describe(pipeline)
  local parts = {}
  for i, cmd in ipairs(pipeline) do parts[i] = table.concat(cmd.argv, ' ') end
  return table.concat(parts, ' | ')
end

--- The text `< SOURCE` gives: a file's, or a saved output's (data:NAME).
---@param source string
---@return string|nil text
---@return string|nil error
local function read_source(source)
  local name = source:match('^data:(.*)$')
  if name then
    if saved[name] == nil then return nil, ('sh: data:%s: nothing saved under that name'):format(name) end
    return saved[name]
  end
  local f, err = io.open(source, 'r')
  if not f then return nil, 'sh: ' .. err end
  local text = f:read('a')
  f:close()
  return text
end

--- What a background job writes to the terminal: kept until the next prompt, or shown at once while `fg` waits.
---@param job table
---@return fun(text: string)
local function job_output(job)
  return function(s)
    if job.front then screen:write(s) else job.pending[#job.pending + 1] = s end
  end
end

--- Where a pipeline's last output goes: `file` (a path), or `put(text)` and `close()` (the terminal, a saved
--- output), or nil (the shell's own standard output).
---@param cmd table the last command
---@param job table
---@param background boolean
---@return table|nil sink
---@return string|nil error
local function open_sink(cmd, job, background)
  local target = cmd.output
  if target and target:match('^data:') then
    local name = target:sub(6)
    if not shell_data.valid_name(name) then
      return nil, ("sh: data:%s: a saved output's name is letters, digits, '_', '-' and '.' (not first)"):format(name)
    end
    if not keeps_data then return nil, 'sh: data:' .. name .. ': this shell has no data stream (started as code)' end
    local parts = {}
    return {
      put = function(s) parts[#parts + 1] = s end,
      close = function()
        local text = table.concat(parts)
        if keep(shell_data.save, name, text, cmd.append) then saved[name] = (cmd.append and saved[name] or '') .. text end
      end,
    }
  elseif target then
    local f, err = io.open(target, cmd.append and 'a' or 'w') -- made (or emptied) now, its errors said now
    if not f then return nil, 'sh: ' .. err end
    f:close()
    return { file = target }
  elseif screen and background then
    return { put = job_output(job) }
  elseif screen then
    return { put = function(s) screen:write(s) end }
  end
end

--- A task copying what a pipe gives, line by line, to `put`, until its writers close it.
---@param reader file*
---@param put fun(text: string)
---@return integer tid
local function drain(reader, put)
  return os.spawn(function()
    for chunk in reader:lines('L') do put(chunk) end
    reader:close()
  end)
end

-- A file of the file system cannot be a child's stream, and a file the shell's tasks wrote while another task
-- blocks would share io's buffers between tasks: the text a pipeline reads, and the output it writes to a file,
-- go through small helper processes instead, each with its own buffers.

--- The helper writing its argument to its standard output (a pipeline's input).
local WRITE_TEXT = 'io.write((...))'
--- The helper copying its standard input to the end of the file named by its argument (a pipeline's output).
local COPY_TO_FILE = [[
local path = ...
local function check(ok, err) if not ok then error(path .. ': ' .. err, 0) end end
local f = assert(io.open(path, 'a'))
for chunk in io.stdin:lines(65536) do check(f:write(chunk)) end
check(f:close())]]

--- Starts a program; a background one on the hidden terminal, so that it neither draws over the shell nor takes
--- the keyboard. `run` is os.run or os.run_code.
local function start(run, what, opts, background)
  if not (background and screen) then return run(what, opts) end
  local term = require('term')
  hidden = hidden or term.open()
  local previous = term.redirect(hidden)
  local pid, ends = run(what, opts)
  term.redirect(previous)
  return pid, ends
end

--- Starts a helper (WRITE_TEXT, COPY_TO_FILE) of a job: its pid is kept apart from the job's programs.
---@return table ends its pipe ends
local function helper(job, code, arg, pipes, background)
  local opts = { name = 'sh', args = { arg } }
  for k, v in pairs(pipes) do opts[k] = v end
  local pid, ends = start(os.run_code, code, opts, background)
  job.helpers[#job.helpers + 1] = pid
  return ends
end

local builtins = {}

--- The programs of a pipeline and the text the first one reads: from `< SOURCE`, or the output of a builtin that
--- begins the pipeline. Nil and the status to give when the source cannot be read.
---@param pipeline table[]
---@return table[]|nil stages
---@return string|integer input, or the status
local function stages_of(pipeline)
  local first, input = pipeline[1], ''
  if first.input then
    local text, err = read_source(first.input)
    if not text then
      complain(err)
      return nil, 1
    end
    input = text
  end
  if not builtins[first.argv[1]] then return pipeline, input end
  local out = {}
  builtins[first.argv[1]]({ table.unpack(first.argv, 2) }, function(s) out[#out + 1] = s end)
  return { table.unpack(pipeline, 2) }, table.concat(out)
end

--- Ends a pipeline that could not start: the programs started so far are killed and collected.
---@param job table
---@param message string
---@return nil
---@return integer status
local function abandon(job, message)
  complain('sh: ' .. message)
  for _, list in ipairs({ job.pids, job.helpers }) do
    for _, p in ipairs(list) do os.kill(p) end
    for _, p in ipairs(list) do os.wait(p) end
  end
  if job.sink and job.sink.close then job.sink.close() end
  return nil, 127
end

--- Starts a pipeline's programs, each reading the one before through a pipe. Returns the job (pids, copying
--- tasks, sink), or nil and the status to give.
---@param pipeline table[]
---@param background boolean
---@return table|nil job
---@return integer|nil status
local function launch(pipeline, background)
  local job = { pids = {}, names = {}, helpers = {}, tasks = {}, pending = {}, messages = {}, text = describe(pipeline) }
  local stages, input = stages_of(pipeline)
  if not stages then return nil, input end
  local sink, err = open_sink(stages[#stages], job, background)
  if err then
    complain(err)
    return nil, 1
  end
  job.sink = sink
  local put_error = screen and (background and job_output(job) or function(s) screen:write(s) end)
  -- the pipe before each program: the input's helper's, else one the shell closes at once (nothing to read)
  local previous = input ~= '' and helper(job, WRITE_TEXT, input, { stdout = 'pipe' }, background).stdout
  local to_file = sink and sink.file and helper(job, COPY_TO_FILE, sink.file, { stdin = 'pipe' }, background).stdin
  for i, cmd in ipairs(stages) do
    local name, last = cmd.argv[1], i == #stages
    if builtins[name] then
      if previous then previous:close() end
      return abandon(job, ('%s is built into the shell: it can only begin a pipeline'):format(name))
    end
    local opts = { args = { table.unpack(cmd.argv, 2) }, stdin = previous or 'pipe' }
    if not last or (sink and sink.put) then opts.stdout = 'pipe' end
    if last and to_file then opts.stdout = to_file end
    if put_error then opts.stderr = 'pipe' end
    local pid, ends = start(os.run, name, opts, background)
    if previous then previous:close() end
    if last and to_file then to_file:close() end
    if not pid then return abandon(job, ends) end
    job.pids[#job.pids + 1], job.names[#job.names + 1] = pid, name
    if i == 1 and not previous then ends.stdin:close() end
    previous = not last and ends.stdout or nil
    if last and sink and sink.put then job.tasks[#job.tasks + 1] = drain(ends.stdout, sink.put) end
    if put_error then job.tasks[#job.tasks + 1] = drain(ends.stderr, put_error) end
  end
  return job
end

--- Waits for a job's programs and its copying; reports those that failed. Returns the last program's status.
---@param job table
---@param report fun(message: string)
---@return integer
local function finish(job, report)
  local code = 0
  for i, pid in ipairs(job.pids) do
    local c, kind, message = os.wait(pid)
    code = c
    if kind == 'error' then
      report(message)
    elseif kind == 'killed' then
      report(('sh: %s (pid %d): %s'):format(job.names[i], pid, message))
    end
  end
  for _, pid in ipairs(job.helpers) do
    local _, kind, message = os.wait(pid)
    if kind ~= 'exited' then report('sh: ' .. message) end
  end
  for _, tid in ipairs(job.tasks) do os.join(tid) end
  if job.sink and job.sink.close then job.sink.close() end
  return code
end

--- Numbers a job and waits for it in a task of its own.
---@param job table
local function background(job)
  local n = 1
  while jobs[n] do n = n + 1 end
  job.number = n
  jobs[n] = job
  job.waiter = os.spawn(function()
    job.status = finish(job, function(m) job.messages[#job.messages + 1] = m end)
    job.done = true
  end)
  say(('[%d] %s\n'):format(n, table.concat(job.pids, ' ')))
end

--- Shows what a background job wrote to the terminal meanwhile, and its end if it ended.
---@param job table
---@param always? boolean report its end even if it was not reported yet
local function show(job, always)
  if #job.pending > 0 then
    say(table.concat(job.pending))
    job.pending = {}
  end
  if job.done or always then
    for _, m in ipairs(job.messages) do complain(m) end
    job.messages = {}
  end
end

--- The numbers of the jobs, in order.
---@return integer[]
local function job_numbers()
  local list = {}
  for n in pairs(jobs) do list[#list + 1] = n end
  table.sort(list)
  return list
end

--- Before each prompt: the output of background jobs, and the ones that ended.
local function report_jobs()
  for _, n in ipairs(job_numbers()) do
    local job = jobs[n]
    show(job)
    if job.done then
      say(('[%d] done (status %d)  %s\n'):format(n, job.status, job.text))
      jobs[n] = nil
    end
  end
end

--- A job named by `%N` (or the newest one, for nil).
---@param spec string|nil
---@return table|nil job
---@return string|nil error
local function find_job(spec)
  local n
  if spec == nil then
    for k in pairs(jobs) do n = math.max(n or 0, k) end
    if not n then return nil, 'no jobs' end
  else
    n = tonumber(spec:match('^%%(%d+)$'))
    if not n then return nil, ("'%s' is not a job: use %%N (see 'jobs')"):format(spec) end
  end
  if not jobs[n] then return nil, ('no job %%%d'):format(n) end
  return jobs[n]
end

-- The builtins: each takes its arguments and a function writing its output (errors go where the shell's go),
-- and returns its status.

--- One line about each builtin, for help.
local BUILTIN_HELP = {
  { 'echo', 'echo [-n] WORDS...: writes the words, with a newline unless -n' },
  { 'exit', 'exit [N]: leaves the shell with status N (default: $?)' },
  { 'jobs', 'jobs: the background jobs' },
  { 'fg', 'fg [%N]: waits for a background job (the newest by default); $? is its status' },
  { 'kill', 'kill %N | PID ...: kills a job\'s programs, or a process the shell started (or theirs)' },
  { 'history', 'history: the lines typed before, numbered (kept in data/sh)' },
  { 'saved', 'saved [rm NAME]: the outputs saved with > data:NAME, and their sizes' },
  { 'help', 'help: this list, and the programs with a line each' },
}

function builtins.echo(args, out)
  local newline = true
  if args[1] == '-n' then
    newline = false
    table.remove(args, 1)
  end
  out(table.concat(args, ' ') .. (newline and '\n' or ''))
  return 0
end

function builtins.exit(args)
  local code = args[1] == nil and status or math.tointeger(tonumber(args[1]))
  if not code then
    complain(("sh: exit: '%s' is not a number"):format(args[1]))
    return 2
  end
  leaving = code
  return code
end

function builtins.jobs(_, out)
  for _, n in ipairs(job_numbers()) do
    local job = jobs[n]
    out(('[%d] %s  %s  %s\n'):format(n, job.done and 'done' or 'running', table.concat(job.pids, ' '), job.text))
  end
  return 0
end

function builtins.fg(args, out)
  local job, err = find_job(args[1])
  if not job then
    complain('sh: fg: ' .. err)
    return 1
  end
  out(job.text .. '\n')
  show(job)
  job.front = true -- what it writes from now on is shown as it comes
  os.join(job.waiter)
  show(job, true)
  jobs[job.number] = nil
  return job.status
end

function builtins.kill(args)
  if #args == 0 then
    complain('sh: kill: usage: kill %N | PID ...')
    return 2
  end
  local code = 0
  for _, spec in ipairs(args) do
    local pids, err = nil, nil
    if spec:sub(1, 1) == '%' then
      local job, why = find_job(spec)
      if job then pids = job.pids else err = why end
    elseif math.tointeger(tonumber(spec)) then
      pids = { math.tointeger(tonumber(spec)) }
    else
      err = ("'%s' is neither a job (%%N) nor a pid"):format(spec)
    end
    for _, pid in ipairs(pids or {}) do
      local ok, why = os.kill(pid)
      -- a job's program that already ended is no failure
      if not ok and not (spec:sub(1, 1) == '%' and why:match('^no such process')) then err = why end
    end
    if err then
      complain('sh: kill: ' .. err)
      code = 1
    end
  end
  return code
end

function builtins.history(_, out)
  for i, line in ipairs(history) do out(('%5d  %s\n'):format(i, line)) end
  return 0
end

function builtins.saved(args, out)
  if args[1] == 'rm' and args[2] then
    if saved[args[2]] == nil then
      complain(('sh: saved: data:%s: nothing saved under that name'):format(args[2]))
      return 1
    end
    if not keep(shell_data.forget, args[2]) then return 1 end
    saved[args[2]] = nil
    return 0
  elseif args[1] then
    complain('sh: saved: usage: saved [rm NAME]')
    return 2
  end
  local names = {}
  for name in pairs(saved) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do out(('data:%s  %d bytes\n'):format(name, #saved[name])) end
  return 0
end

--- The programs in the store, by name (without .lua).
---@return string[]
local function program_names()
  local names = {}
  for _, e in ipairs(root.store.list('programs')) do names[#names + 1] = (e.name:gsub('%.lua$', '')) end
  table.sort(names)
  return names
end

--- A program's line for help: its first comment line, after `NAME:`.
---@param name string
---@return string
local function summary(name)
  local source = root.store.get('programs', name) or ''
  local line = source:match('^%-%-%s*([^\n]*)') or ''
  return (line:gsub('^[%w_.-]+:%s*', ''))
end

function builtins.help(_, out)
  out('Built into the shell:\n')
  for _, b in ipairs(BUILTIN_HELP) do out(('  %-8s %s\n'):format(b[1], b[2])) end
  out('Programs (NAME --help says more):\n')
  for _, name in ipairs(program_names()) do out(('  %-18s %s\n'):format(name, summary(name))) end
  out('Syntax: a | b  a > f  a >> f  a < f  a > data:NAME  a &  a ; b  a && b  a || b  $?  \'...\'  "..."  \\x\n')
  return 0
end

--- Runs a builtin on its own, its output where `>` says.
---@param cmd table
---@return integer
local function run_builtin(cmd)
  local sink, err = open_sink(cmd, {}, false)
  if err then
    complain(err)
    return 1
  end
  local out = {}
  local code = builtins[cmd.argv[1]]({ table.unpack(cmd.argv, 2) }, sink and function(s) out[#out + 1] = s end or say)
  if sink and sink.file then
    local f = assert(io.open(sink.file, 'a')) -- open_sink made it
    f:write(table.concat(out))
    f:close()
  elseif sink then
    sink.put(table.concat(out))
    if sink.close then sink.close() end
  end
  return code
end

--- Runs one item of a list: a builtin, a pipeline in front, or one in the background. Returns its status.
---@param item table
---@return integer
local function execute(item)
  local pipeline = {}
  for i, cmd in ipairs(item.pipeline) do pipeline[i] = syntax.expand(cmd, lookup) end
  for _, cmd in ipairs(pipeline) do
    if #cmd.argv == 0 and #pipeline == 1 then return 0 end -- only variables that were empty
    if #cmd.argv == 0 then
      complain('sh: a command of the pipeline expanded to nothing')
      return 1
    end
  end
  if #pipeline == 1 and builtins[pipeline[1].argv[1]] then return run_builtin(pipeline[1]) end
  local job, code = launch(pipeline, item.background)
  if not job then return code end
  if item.background then
    background(job)
    return 0
  end
  return finish(job, complain)
end

--- Runs a command line.
---@param line string
local function run_line(line)
  local list, err = syntax.parse(line)
  if not list then
    complain('sh: ' .. err)
    status = 2
    return
  end
  for _, item in ipairs(list) do
    local runs = item.after == ';' or (item.after == '&&' and status == 0) or (item.after == '||' and status ~= 0)
    if runs then status = execute(item) end
    if leaving then return end
  end
end

--- Keeps a typed line in the history (not a blank one, nor one that repeats the last).
---@param line string
local function remember(line)
  if line:match('^%s*$') or line == history[#history] then return end
  history[#history + 1] = line
  if keeps_data then keep(shell_data.remember, line) end
end

--- Completion candidates for the word before the cursor: builtins and programs for a command; saved outputs
--- after data:; store entries after NAMESPACE/; files (folders with '/').
---@param before string
---@return string[] candidates
---@return integer start
local function complete(before)
  local from, command = syntax.word_at(before)
  local word, all = before:sub(from), {}
  if command then
    for _, b in ipairs(BUILTIN_HELP) do all[#all + 1] = b[1] end
    for _, name in ipairs(program_names()) do all[#all + 1] = name end
  elseif word:match('^data:') then
    for name in pairs(saved) do all[#all + 1] = 'data:' .. name end
  else
    local ns = word:match('^(%a+)/')
    local ok, entries = pcall(root.store.list, ns)
    if ns and ok then
      for _, e in ipairs(entries) do all[#all + 1] = ns .. '/' .. e.name end
    else
      for _, n in ipairs({ 'programs/', 'libraries/', 'runtimes/', 'services/' }) do all[#all + 1] = n end
      local folder = word:match('^(.*/)') or ''
      local okfs, fs = pcall(require, 'fs')
      local listed, names = pcall(function() return okfs and fs.list(folder == '' and '/' or folder) or {} end)
      for _, name in ipairs(listed and names or {}) do
        local path = folder .. name
        all[#all + 1] = fs.isDir(path) and path .. '/' or path
      end
    end
  end
  local found, seen = {}, {}
  for _, c in ipairs(all) do
    if c:sub(1, #word) == word and not seen[c] then
      seen[c] = true
      found[#found + 1] = c
    end
  end
  table.sort(found)
  return found, from
end

--- Reads lines from the keyboard on the terminal until exit or Ctrl+D.
local function interactive()
  local term = require('term')
  local editor = require('line_editor')
  screen = require('console').new(term)
  require('input').trap(true) -- Ctrl+C at the prompt cancels the line, as Ctrl+T does
  while not leaving do
    report_jobs()
    local line, why = editor.read({ console = screen, prompt = '$ ', history = history, complete = complete })
    if line then
      remember(line)
      run_line(line)
    elseif why == 'eof' then
      break
    else
      status = 130
    end
  end
end

--- Reads lines from standard input until its end or exit.
local function from_lines()
  for line in io.lines() do
    report_jobs()
    remember(line)
    run_line(line)
    if leaving then break end
  end
end

local option, line = ...
if option == '--help' or option == '-h' then
  print(USAGE)
  return
elseif option == '-c' then
  if not line then error('sh: -c needs a command line\n' .. USAGE, 0) end
elseif option ~= nil and option ~= '-i' then
  error(("sh: unknown option '%s'\n"):format(option) .. USAGE, 0)
end

local ok, kept, kept_saved = pcall(shell_data.load)
if ok then
  history, saved = kept, kept_saved
else
  keeps_data = false
end

if option == '-c' then
  run_line(line)
elseif option == '-i' or require('input').live() then
  interactive()
else
  from_lines()
end
os.exit(leaving or status)
