from django.contrib import admin

from mulighetsrom.projects.models import GateDecision, Membership, Phase, Project

admin.site.register(Project)
admin.site.register(Phase)
admin.site.register(Membership)
admin.site.register(GateDecision)
