from modeltranslation.translator import TranslationOptions, register

from kuulu.channels.models import Channel


@register(Channel)
class ChannelTranslation(TranslationOptions):
    fields = ("name", "purpose", "who_may_join", "how_to_join", "meeting_rhythm")
