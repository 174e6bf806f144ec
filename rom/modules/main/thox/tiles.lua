-- thox.tiles: the rules of the 2048 game: a square board of numbered tiles that slide as far as they go in one
-- direction, two equal tiles meeting become one of their sum (once per move), and a new tile comes after each move.

local tiles = {}

--- A board of `size` × `size` empty cells (0 is empty): board[y][x].
---@param size integer
---@return table
function tiles.new(size)
  local board = { size = size }
  for y = 1, size do
    board[y] = {}
    for x = 1, size do board[y][x] = 0 end
  end
  return board
end

--- One line slid toward its first cell: tiles close up and equal neighbours merge (a merged tile does not merge
--- again in the same move). The new line and the points won (the sum of the merged tiles).
---@param line integer[]
---@return integer[] line, integer points
function tiles.slide(line)
  local out, points = {}, 0
  local merged = false -- whether out's last tile was made by a merge this move
  for _, value in ipairs(line) do
    if value ~= 0 then
      if not merged and out[#out] == value then
        out[#out] = value * 2
        points = points + value * 2
        merged = true
      else
        out[#out + 1] = value
        merged = false
      end
    end
  end
  for i = #out + 1, #line do out[i] = 0 end
  return out, points
end

--- The cells of line `i` as seen moving in `direction`: the first cell is the one the tiles slide toward.
---@return table cells { x, y } pairs
local function line_cells(size, i, direction)
  local cells = {}
  for j = 1, size do
    local k = (direction == 'right' or direction == 'down') and size + 1 - j or j
    cells[j] = (direction == 'left' or direction == 'right') and { k, i } or { i, k }
  end
  return cells
end

--- Slides the whole board in `direction` ('left', 'right', 'up' or 'down'): whether a tile moved, and the points.
---@param board table
---@param direction string
---@return boolean moved, integer points
function tiles.move(board, direction)
  local moved, points = false, 0
  for i = 1, board.size do
    local cells = line_cells(board.size, i, direction)
    local line = {}
    for j, cell in ipairs(cells) do line[j] = board[cell[2]][cell[1]] end
    local slid, won = tiles.slide(line)
    for j, cell in ipairs(cells) do
      if board[cell[2]][cell[1]] ~= slid[j] then moved = true end
      board[cell[2]][cell[1]] = slid[j]
    end
    points = points + won
  end
  return moved, points
end

--- Puts a new tile (2, or 4 one time in ten) on a random empty cell; false when there is none.
---@param board table
---@return boolean
function tiles.add(board)
  local empty = {}
  for y = 1, board.size do
    for x = 1, board.size do
      if board[y][x] == 0 then empty[#empty + 1] = { x, y } end
    end
  end
  if #empty == 0 then return false end
  local cell = empty[math.random(#empty)]
  board[cell[2]][cell[1]] = math.random(10) == 1 and 4 or 2
  return true
end

--- Whether any move is left: an empty cell, or two equal tiles side by side.
---@param board table
---@return boolean
function tiles.canMove(board)
  for y = 1, board.size do
    for x = 1, board.size do
      local value = board[y][x]
      if value == 0 or board[y][x + 1] == value or (board[y + 1] and board[y + 1][x] == value) then return true end
    end
  end
  return false
end

--- The highest tile on the board.
---@param board table
---@return integer
function tiles.highest(board)
  local best = 0
  for y = 1, board.size do
    for x = 1, board.size do best = math.max(best, board[y][x]) end
  end
  return best
end

return tiles
