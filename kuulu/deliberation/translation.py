from modeltranslation.translator import TranslationOptions, register

from kuulu.deliberation.models import Conversation


@register(Conversation)
class ConversationTranslation(TranslationOptions):
    fields = ("topic", "description", "decision")
