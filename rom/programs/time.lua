-- time: the in-game time and day.

print('The time is ' .. textutils.formatTime(os.time(), false) .. ' on Day ' .. os.day())
