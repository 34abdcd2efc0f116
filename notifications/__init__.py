"""Web Push notifications: which are due (rules), what they say (render), sending them (sender,
dispatch), the server's VAPID identity (vapid) and each user's switches (prefs).

Run by `flask push send-due` (cli/push.py) from a timer; see docs/push.md.
"""
