"""Pictures and video files shared by every kind: fonts, the H.264 writer, titles that fit, the quality table.

A neutral package: the storyboard pipeline and the pose kind both import it, it imports no kind.
"""
