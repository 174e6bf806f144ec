-- luacheck's configuration: the globals a thox process sees (Lua 5.4 plus thox's `os`), and the preludes' deliberate
-- rewrites of the standard library. Run by `npm run lint:lua` (part of `npm test`) over the Lua the package ships.

std = "lua54"
max_line_length = 160 -- as the TypeScript (biome.jsonc)
codes = true

-- thox's native API: `os` as the sandbox prelude builds it (src/kernel/sandbox.lua, docs/native-api.md).
-- A new os function is added here too; the lint names the file that uses it first.
local thox_os = {
  fields = {
    -- from Lua's os
    "clock", "date", "difftime", "exit", "time", "getenv", "remove", "rename", "tmpname",
    -- processes and tasks
    "pid", "ppid", "tid", "args", "info", "run", "run_code", "kill", "spawn", "join", "yield", "sleep", "wait",
    -- output, timers and events
    "write", "timer", "cancel", "queue", "epoch", "pull", "timeout", "push", "listen", "unlisten", "watchdog",
    -- contexts and interactions
    "context", "restrict", "filter", "close", "bind", "unbind", "answer", "call", "rpc", "share",
    -- status codes by name and names by code, given by the kernel
    status = { other_fields = true },
  },
}

read_globals = { os = thox_os }

files["src/kernel/sandbox.lua"] = {
  read_globals = {
    -- the kernel's system-call table, taken into a local and removed from _G on the prelude's first lines
    "sys",
  },
  -- the prelude replaces these on purpose: that is the sandbox
  globals = {
    "os", "print", "load", "setmetatable", "collectgarbage", "require", "debug", "io", "package", "dofile",
    "loadfile", "fengari",
    coroutine = { fields = { "running", "isyieldable", "resume", "wrap", "close" } },
    string = { fields = { "find", "match", "gmatch", "gsub", "dump", "upper", "lower", "reverse", "rep", "format" } },
    table = { fields = { "concat" } },
  },
}

-- the io and package libraries the sandbox loads on first use: each fills the table it is given
files["src/kernel/io.lua"] = { globals = { io = { other_fields = true } } }
files["src/kernel/package.lua"] = { globals = { package = { other_fields = true } } }

files["runtimes/compat.lua"] = {
  -- the compatibility runtime puts Lua 5.1-5.3 functions back into the standard tables
  globals = {
    table = { fields = { "getn", "setn", "maxn", "foreach", "foreachi" } },
    string = { fields = { "gfind" } },
    math = {
      fields = {
        "maxinteger", "mininteger", "pow", "mod", "log10", "atan2", "frexp", "ldexp", "sinh", "cosh", "tanh",
      },
    },
  },
}

files["runtimes/craftos.compat.lua"] = {
  -- the craftos runtime runs gsub callbacks and sort comparators in Lua, where they may pull events (as in CC), and
  -- its string.format cuts fractions for %d as CC's Lua does
  globals = { string = { fields = { "gsub", "format" } }, table = { fields = { "sort" } } },
}

-- The craftos ROM (rom/): CC: Tweaked's globals, as the craftos bios defines them (runtimes/craftos.lua).
local craftos_globals = {
  "term", "fs", "colors", "colours", "keys", "textutils", "settings", "peripheral", "redstone", "rs", "vector",
  "parallel", "help", "window", "paintutils", "rednet", "gps", "disk", "shell", "multishell", "http", "io",
  "bit", "bit32", "sleep", "write", "print", "printError", "read", "dofile", "loadfile", "_HOST",
  "_CC_DEFAULT_SETTINGS", "commands", "turtle", "pocket",
  os = {
    fields = {
      "clock", "date", "difftime", "time", "day", "epoch", "version", "pullEvent", "pullEventRaw", "queueEvent",
      "startTimer", "cancelTimer", "setAlarm", "cancelAlarm", "shutdown", "reboot", "getComputerID", "computerID",
      "getComputerLabel", "computerLabel", "setComputerLabel", "run", "loadAPI", "unloadAPI", "sleep",
    },
  },
}
files["rom"] = { std = "lua54", read_globals = craftos_globals, self = false } -- methods may ignore their self
-- an API file's top-level globals are the fields of its table (os.loadAPI); colours takes colors' and renames two
files["rom/apis"] = { std = "lua54", read_globals = craftos_globals, allow_defined_top = true, ignore = { "131" }, self = false }
