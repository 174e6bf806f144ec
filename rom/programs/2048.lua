-- 2048: slide numbered tiles on a 4 × 4 board (arrows or WASD, or a click beside the board on a colour terminal);
-- equal tiles merge into their sum, which is scored; the game is over when no move is left. Q quits.

local tiles = require('thox.tiles')

local SIZE = 4
local CELL_WIDTH, CELL_HEIGHT = 6, 3
local BOARD_WIDTH, BOARD_HEIGHT = SIZE * CELL_WIDTH, SIZE * CELL_HEIGHT
local GOAL = 2048
local COLOURED = term.isColour()
--- Each tile's colour on a colour terminal (background, text); larger tiles take the last.
local TILE_COLOURS = {
  [0] = { colours.grey, colours.lightGrey },
  [2] = { colours.white, colours.black },
  [4] = { colours.yellow, colours.black },
  [8] = { colours.orange, colours.black },
  [16] = { colours.red, colours.white },
  [32] = { colours.magenta, colours.black },
  [64] = { colours.purple, colours.white },
  [128] = { colours.lightBlue, colours.black },
  [256] = { colours.cyan, colours.black },
  [512] = { colours.blue, colours.white },
  [1024] = { colours.green, colours.white },
  [2048] = { colours.lime, colours.black },
  more = { colours.brown, colours.white },
}
local DIRECTIONS = {
  [keys.left] = 'left', [keys.a] = 'left',
  [keys.right] = 'right', [keys.d] = 'right',
  [keys.up] = 'up', [keys.w] = 'up',
  [keys.down] = 'down', [keys.s] = 'down',
}

local width, height = term.getSize()
if width < BOARD_WIDTH or height < BOARD_HEIGHT + 4 then
  printError(('The screen is too small: 2048 needs %dx%d'):format(BOARD_WIDTH, BOARD_HEIGHT + 4))
  return
end

local board = tiles.new(SIZE)
local score = 0
local status = COLOURED and 'Arrows, WASD or a click move; Q quits' or 'Arrows or WASD move; Q quits'
local board_x, board_y = 1, 3 -- the board's top left cell on the screen

local function colour(text_colour, background)
  if COLOURED then
    term.setTextColour(text_colour)
    term.setBackgroundColour(background)
  end
end

--- Writes `text` centred in a field of `size` cells.
local function centred(text, size)
  local left = (size - #text) // 2
  term.write((' '):rep(left) .. text .. (' '):rep(size - #text - left))
end

--- Draws the tile at board cell (x, y): a coloured block with its number in the middle row (a dot when empty).
local function draw_tile(x, y)
  local value = board[y][x]
  local pair = TILE_COLOURS[value] or TILE_COLOURS.more
  colour(pair[2], pair[1])
  local left = board_x + (x - 1) * CELL_WIDTH
  local top = board_y + (y - 1) * CELL_HEIGHT
  for row = 0, CELL_HEIGHT - 1 do
    term.setCursorPos(left, top + row)
    if row == CELL_HEIGHT // 2 then centred(value == 0 and '.' or tostring(value), CELL_WIDTH)
    else term.write((' '):rep(CELL_WIDTH)) end
  end
end

local function draw()
  width = term.getSize()
  board_x = (width - BOARD_WIDTH) // 2 + 1
  colour(colours.white, colours.black)
  term.clear()
  term.setCursorPos(board_x, 1)
  colour(colours.yellow, colours.black)
  term.write('2048')
  local shown = 'Score: ' .. score
  term.setCursorPos(board_x + BOARD_WIDTH - #shown, 1)
  colour(colours.white, colours.black)
  term.write(shown)
  for y = 1, SIZE do
    for x = 1, SIZE do draw_tile(x, y) end
  end
  colour(colours.lightGrey, colours.black)
  term.setCursorPos(1, board_y + BOARD_HEIGHT + 1)
  centred(status, width)
  colour(colours.white, colours.black)
end

--- The direction of a click: toward the side of the board's centre it is farthest from (rows count double).
---@return string
local function click_direction(x, y)
  local dx = x - (board_x + BOARD_WIDTH / 2)
  local dy = (y - (board_y + BOARD_HEIGHT / 2)) * 2
  if math.abs(dx) >= math.abs(dy) then return dx < 0 and 'left' or 'right' end
  return dy < 0 and 'up' or 'down'
end

--- Plays a move: slides, scores, adds a tile; says when the goal is first reached. False when the game is over.
---@param direction string
---@return boolean
local function play(direction)
  local had_goal = tiles.highest(board) >= GOAL
  local moved, points = tiles.move(board, direction)
  if not moved then return true end
  score = score + points
  tiles.add(board)
  if not had_goal and tiles.highest(board) >= GOAL then status = 'You made 2048! Play on, or Q to quit' end
  return tiles.canMove(board)
end

tiles.add(board)
tiles.add(board)
local playing = true
while playing do
  draw()
  local event, p1, p2, p3 = os.pullEvent()
  local direction
  if event == 'key' then
    if p1 == keys.q then break end
    direction = DIRECTIONS[p1]
  elseif event == 'mouse_click' then
    direction = click_direction(p2, p3)
  end
  if direction then playing = play(direction) end
end
if not playing then
  status = 'Game over! Press any key'
  draw()
  os.pullEvent('key')
end
colour(colours.white, colours.black)
term.clear()
term.setCursorPos(1, 1)
print('Final score: ' .. score)
