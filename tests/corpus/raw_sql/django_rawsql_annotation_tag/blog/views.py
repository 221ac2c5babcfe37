from django.shortcuts import render

from blog.selectors import posts_with_tag_count


def tagged(request, tag):
    return render(request, "blog/tagged.html", {"posts": posts_with_tag_count(tag)})
