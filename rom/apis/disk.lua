-- CraftOS's disk API: the floppy disks and records in `drive` peripherals, by the drive's name; a name with no
-- drive answers as an empty slot does (docs/craftos/libraries-b.md).

local expect = dofile("rom/modules/main/cc/expect.lua").expect

--- Whether `name` is a drive.
---@param name string
---@return boolean
local function is_drive(name)
  return peripheral.getType(name) == "drive"
end

--- Calls `method` on the drive `name` (after checking the name), or answers `absent` when it is no drive. Called
--- as a tail call, so that a bad name is blamed on the caller of the API function.
local function on_drive(name, method, absent, ...)
  expect(1, name, "string")
  if is_drive(name) then return peripheral.call(name, method, ...) end
  return absent
end

--- Whether the drive holds a disk or record.
---@param name string
---@return boolean
function isPresent(name) return on_drive(name, "isDiskPresent", false) end

--- The disk's label, or nil.
---@param name string
---@return string|nil
function getLabel(name) return on_drive(name, "getDiskLabel", nil) end

--- Sets (or with nil clears) the disk's label.
---@param name string
---@param label? string
function setLabel(name, label)
  expect(1, name, "string")
  expect(2, label, "string", "nil")
  return on_drive(name, "setDiskLabel", nil, label)
end

--- Whether the drive holds a floppy disk (a disk with files).
---@param name string
---@return boolean
function hasData(name) return on_drive(name, "hasData", false) end

--- Where the floppy's files are mounted (`disk`, `disk2`, …), or nil.
---@param name string
---@return string|nil
function getMountPath(name) return on_drive(name, "getMountPath", nil) end

--- Whether the drive holds a music record.
---@param name string
---@return boolean
function hasAudio(name) return on_drive(name, "hasAudio", false) end

--- The record's title, false when the disk is no record, nil when there is no drive.
---@param name string
---@return string|false|nil
function getAudioTitle(name) return on_drive(name, "getAudioTitle", nil) end

--- Plays the record in the drive.
---@param name string
function playAudio(name) return on_drive(name, "playAudio", nil) end

--- Stops the record in the drive, or in every drive when no name is given.
---@param name? string
function stopAudio(name)
  expect(1, name, "string", "nil")
  if name == nil then
    for _, each in ipairs(peripheral.getNames()) do
      if is_drive(each) then peripheral.call(each, "stopAudio") end
    end
  else
    return on_drive(name, "stopAudio", nil)
  end
end

--- Ejects the disk from the drive.
---@param name string
function eject(name) return on_drive(name, "ejectDisk", nil) end

--- The floppy's id, or nil.
---@param name string
---@return number|nil
function getID(name) return on_drive(name, "getDiskID", nil) end
